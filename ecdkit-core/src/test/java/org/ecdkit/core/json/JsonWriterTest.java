package org.ecdkit.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonWriterTest {

    @Test
    void writesIndentedJsonWithScalarArraysOnOneLine() {
        JsonObject value = JsonObject.builder()
                .put("Name", " Other (Pervious)")
                .put("Shape", JsonArray.ofLongs(1, 4, 256, 256))
                .put("Nested", JsonArray.of(java.util.List.of(JsonObject.builder().put("a", 1).build())))
                .put("Wide", JsonObject.builder().put("Text", "x".repeat(100)).build())
                .build();
        assertEquals("""
                {
                  "Name": " Other (Pervious)",
                  "Shape": [1, 4, 256, 256],
                  "Nested": [
                    {"a": 1}
                  ],
                  "Wide": {
                    "Text": "%s"
                  }
                }
                """.formatted("x".repeat(100)), JsonWriter.write(value));
    }

    @Test
    void whatIsWrittenReadsBackEqual(@TempDir Path dir) throws Exception {
        JsonObject value = JsonObject.builder()
                .put("quote\"and\\slash", "tab\there\nnewline \u0001 ünï")
                .put("f", 0.25)
                .put("b", true)
                .put("n", JsonNull.INSTANCE)
                .build();
        Path file = dir.resolve("w.json");
        Files.writeString(file, JsonWriter.write(value));
        JsonObject back = (JsonObject) JsonDocumentReader.read(file).root();
        assertEquals("tab\there\nnewline \u0001 ünï", ((JsonString) back.members().get("quote\"and\\slash")).value());
        assertEquals(0.25, ((JsonNumber) back.members().get("f")).value().doubleValue());
        assertEquals(JsonWriter.write(value), JsonWriter.write(back));
    }
}
