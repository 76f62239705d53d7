package org.ecdkit.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ecdkit.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonCursorTest {

    @TempDir
    Path dir;

    private JsonCursor cursor(String text) throws Exception {
        Path file = dir.resolve("c.json");
        Files.writeString(file, text);
        return JsonDocumentReader.read(file).cursor();
    }

    @Test
    void errorsNameFileLineColumnPathExpectationAndFoundValue() throws Exception {
        JsonCursor root = cursor("{\"Classes\":[{\"Color\":[1,2,3]},\n {\"Color\":[4,5,300]}]}");
        JsonCursor blue = root.get("Classes").elements().get(1).get("Color").elements().get(2);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> blue.asInt(0, 255));
        assertEquals("c.json:2:16: Classes[1].Color[2]: expected an integer from 0 to 255, found 300",
                e.getMessage().replace(dir.toString() + "/", ""));
    }

    @Test
    void integersWrittenWithAFractionAreRefusedRatherThanRounded() throws Exception {
        JsonCursor value = cursor("{\"v\": 100.5}").get("v");
        assertThrows(InvalidInputException.class, () -> value.asLong(0, 1000));
    }

    @Test
    void missingKeysAreNamedAtTheObject() throws Exception {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> cursor("{\n \"a\":1}").get("Classes"));
        assertTrue(e.getMessage().endsWith("c.json:1:1: top level: missing key \"Classes\""), e.getMessage());
    }

    @Test
    void wrongTypesSayWhatWasFound() throws Exception {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> cursor("{\"n\": \"four\"}").get("n").asInt(1, 10));
        assertTrue(e.getMessage().endsWith("n: expected an integer from 1 to 10, found the string \"four\""), e.getMessage());
    }

    @Test
    void keysThatAreNotIdentifiersAreQuotedInPaths() throws Exception {
        JsonCursor odd = cursor("{\"a b\": {\"c\": 1}}").get("a b").get("c");
        assertEquals("[\"a b\"].c", odd.path());
    }

    @Test
    void hugeNumbersAreRefusedWithoutOverflow() throws Exception {
        JsonCursor big = cursor("{\"v\": 123456789012345678901234567890}").get("v");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> big.asInt(1, 65535));
        assertTrue(e.getMessage().contains("found 123456789012345678901..."), e.getMessage());
    }

    @Test
    void arrayLengthBoundsAreChecked() throws Exception {
        JsonCursor color = cursor("{\"Color\": [1,2]}").get("Color");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> color.elements(3, 3));
        assertTrue(e.getMessage().endsWith("expected an array of 3, found an array of 2"), e.getMessage());
    }
}
