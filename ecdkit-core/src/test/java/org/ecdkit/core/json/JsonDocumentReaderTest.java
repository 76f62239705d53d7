package org.ecdkit.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ecdkit.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonDocumentReaderTest {

    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        Path file = dir.resolve("in.json");
        Files.writeString(file, text);
        return file;
    }

    private InvalidInputException refused(String text) throws Exception {
        Path file = file(text);
        return assertThrows(InvalidInputException.class, () -> JsonDocumentReader.read(file));
    }

    @Test
    void valuesRememberTheLineAndColumnTheyWereReadAt() throws Exception {
        JsonDocument doc = JsonDocumentReader.read(file("{\n  \"a\": [1,\n        \"x\"]\n}"));
        JsonObject root = (JsonObject) doc.root();
        JsonArray a = (JsonArray) root.members().get("a");
        assertEquals(new TextPosition(2, 8), a.position());
        assertEquals(new TextPosition(3, 9), a.elements().get(1).position());
        assertEquals(new TextPosition(2, 3), root.keyPosition("a"));
    }

    @Test
    void membersKeepFileOrderAndNamesKeepLeadingSpaces() throws Exception {
        JsonObject root = (JsonObject) JsonDocumentReader.read(file("{\"z\":\" Other\",\"a\":2}")).root();
        assertEquals(java.util.List.of("z", "a"), java.util.List.copyOf(root.members().keySet()));
        assertEquals(" Other", ((JsonString) root.members().get("z")).value());
    }

    @Test
    void trailingGarbageIsRefusedWithItsPosition() throws Exception {
        InvalidInputException e = refused("{\"a\":1}\n xyz");
        assertTrue(e.getMessage().contains("in.json:2:2"), e.getMessage());
        assertTrue(e.getMessage().contains("after the end of the JSON value"), e.getMessage());
    }

    @Test
    void aSecondValueAfterTheFirstIsRefused() throws Exception {
        assertTrue(refused("{} {}").getMessage().contains("exactly one value"));
    }

    @Test
    void nanIsRefusedInPlainWords() throws Exception {
        InvalidInputException e = refused("{\"a\": NaN}");
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertFalse(e.getMessage().contains("JsonReadFeature"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void duplicateKeysNameBothPositions() throws Exception {
        InvalidInputException e = refused("{\"Classes\":1,\n\"Classes\":2}");
        assertTrue(e.getMessage().contains("in.json:2:1"), e.getMessage());
        assertTrue(e.getMessage().contains("first at line 1, column 2"), e.getMessage());
    }

    @Test
    void truncatedFileIsRefused() throws Exception {
        InvalidInputException e = refused("{\"Classes\":[{\"Value\":1");
        assertTrue(e.getMessage().contains("not valid JSON") || e.getMessage().contains("truncated"), e.getMessage());
        assertFalse(e.getMessage().contains("[Source"), e.getMessage());
    }

    @Test
    void emptyAndBlankFilesAreRefused() throws Exception {
        assertTrue(refused("").getMessage().contains("empty"));
        assertTrue(refused("  \n ").getMessage().contains("empty"));
    }

    @Test
    void utf8ByteOrderMarkIsIgnoredWithAWarning() throws Exception {
        Path file = dir.resolve("bom.json");
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[body.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(body, 0, bytes, 3, body.length);
        Files.write(file, bytes);
        JsonDocument doc = JsonDocumentReader.read(file);
        assertEquals(1, doc.findings().size());
        assertEquals("byte-order-mark", doc.findings().get(0).code());
        assertEquals(new TextPosition(1, 1), doc.root().position());
    }

    @Test
    void utf16FilesAreRefusedWithAHint() throws Exception {
        Path file = dir.resolve("wide.json");
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_16); // Java writes a big-endian BOM
        Files.write(file, body);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> JsonDocumentReader.read(file));
        assertTrue(e.getMessage().contains("save it as UTF-8"), e.getMessage());
    }

    @Test
    void invalidUtf8IsRefusedWithItsOffset() throws Exception {
        Path file = dir.resolve("latin1.json");
        Files.write(file, new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xE9, '"', '}'});
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> JsonDocumentReader.read(file));
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
        assertTrue(e.getMessage().contains("at byte 6"), e.getMessage());
    }

    @Test
    void aBinaryFileGivenForJsonIsNamedForWhatItIs() throws Exception {
        Path tiff = dir.resolve("scene.tif");
        Files.write(tiff, new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0, 0, 0, (byte) 0xE9, 0});
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> JsonDocumentReader.read(tiff));
        assertEquals(tiff + ": this is a TIFF image, not JSON text; check the order of the arguments", e.getMessage());
        Path zip = dir.resolve("big.dlpk");
        byte[] large = new byte[2000];
        large[0] = 'P';
        large[1] = 'K';
        large[2] = 3;
        large[3] = 4;
        Files.write(zip, large);
        JsonDocumentReader small = new JsonDocumentReader(JsonLimits.DEFAULT.withMaxBytes(1000));
        InvalidInputException big = assertThrows(InvalidInputException.class, () -> small.readFile(zip));
        assertTrue(big.getMessage().contains("this is a zip archive, not JSON text"), "before the size limit: " + big.getMessage());
    }

    @Test
    void deepNestingIsRefusedAtTheLimit() throws Exception {
        String deep = "[".repeat(100) + "]".repeat(100);
        assertTrue(refused(deep).getMessage().contains("limit"), refused(deep).getMessage());
    }

    @Test
    void aNumberLiteralLongerThanTheLimitIsRefused() throws Exception {
        assertTrue(refused("{\"a\": 1" + "0".repeat(500) + "}").getMessage().contains("limit"));
    }

    @Test
    void filesLargerThanTheLimitAreRefusedBeforeParsing() throws Exception {
        Path file = file("[" + "1,".repeat(600) + "1]");
        JsonDocumentReader small = new JsonDocumentReader(JsonLimits.DEFAULT.withMaxBytes(1000));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> small.readFile(file));
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
    }

    @Test
    void hugeExponentsStayExactAndCompareWithoutExpanding() throws Exception {
        JsonObject root = (JsonObject) JsonDocumentReader.read(file("{\"a\": 1e999999999}")).root();
        JsonNumber a = (JsonNumber) root.members().get("a");
        assertFalse(a.integerLiteral());
        assertFalse(a.isBetween(0, Long.MAX_VALUE));
    }

    /** Found by fuzz/run DescriptionTarget: an exponent past 2^31 once escaped as NumberFormatException. */
    @Test
    void anExponentPastWhatAnyNumberHoldsIsRefusedWhereItIs() throws Exception {
        InvalidInputException e = refused("{\"a\": [1,\n 2e99999999999]}");
        assertTrue(e.getMessage().contains(":2:"), e.getMessage());
        assertTrue(e.getMessage().endsWith("the number 2e99999999999 has an exponent too large for any value"), e.getMessage());
        assertTrue(refused("[1E-9999999999]").getMessage().contains("exponent too large"));
    }
}
