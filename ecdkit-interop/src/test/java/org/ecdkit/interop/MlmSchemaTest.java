package org.ecdkit.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.ecdkit.core.json.JsonDocumentReader;
import org.ecdkit.core.json.JsonValue;
import org.ecdkit.interop.mlm.MlmSchema;
import org.junit.jupiter.api.Test;

/**
 * The offline validator against the published examples (shipped with the extension's schema, an
 * independent truth: they validate upstream) and against items broken on purpose.
 */
class MlmSchemaTest {

    private static JsonValue example(String name) throws Exception {
        Path file = Path.of(MlmSchemaTest.class.getResource("mlm/" + name).toURI());
        return JsonDocumentReader.read(file).root();
    }

    @Test
    void thePublishedExamplesValidate() throws Exception {
        for (String name : List.of("mlm-example-item_basic.json", "mlm-example-item_pytorch_geo_unet.json")) {
            assertEquals(List.of(), MlmSchema.validate(example(name), MlmSchema.MLM_URL), name);
        }
    }

    @Test
    void missingRequiredFieldsAreReported() throws Exception {
        String broken = new String(java.nio.file.Files.readAllBytes(Path.of(MlmSchemaTest.class
                .getResource("mlm/mlm-example-item_pytorch_geo_unet.json").toURI())))
                .replace("\"mlm:architecture\"", "\"mlm:not-architecture\"")
                .replace("\"value\": 0,", "\"value\": \"zero\",");
        Path file = java.nio.file.Files.writeString(java.nio.file.Files.createTempFile("broken", ".json"), broken);
        List<String> problems = MlmSchema.validate(JsonDocumentReader.read(file).root(), MlmSchema.MLM_URL);
        assertTrue(problems.stream().anyMatch(p -> p.contains("mlm:architecture")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("integer")), problems.toString());
        java.nio.file.Files.delete(file);
    }
}
