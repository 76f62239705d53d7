package org.ecdkit.interop.mlm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecdkit.core.json.JsonValue;
import org.ecdkit.core.json.JsonWriter;

/**
 * The published JSON schemas of the STAC MLM extension (v1.5.2) and of the classification extension
 * it uses, shipped as resources: each {@code $ref} URL maps to its file, so validation never touches
 * the network.
 */
public final class MlmSchema {

    public static final String MLM_URL = "https://stac-extensions.github.io/mlm/v1.5.2/schema.json";
    public static final String CLASSIFICATION_URL = "https://stac-extensions.github.io/classification/v1.1.0/schema.json";

    private static final String RESOURCES = "classpath:org/ecdkit/interop/mlm/schema/";
    private static final Map<String, String> FILES = Map.of(
            MLM_URL, "mlm-v1.5.2.schema.json",
            CLASSIFICATION_URL, "classification-v1.1.0.schema.json",
            "https://stac-extensions.github.io/processing/v1.1.0/schema.json", "processing-v1.1.0.schema.json",
            "https://stac-extensions.github.io/raster/v1.1.0/schema.json", "raster-v1.1.0.schema.json");

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7,
            builder -> builder.schemaMappers(mappers -> FILES.forEach((url, file) -> mappers.mapPrefix(url, RESOURCES + file))));
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MlmSchema() {
    }

    /** The URLs of the extension schemas ecdkit validates against. */
    public static Set<String> known() {
        return Set.of(MLM_URL, CLASSIFICATION_URL);
    }

    /**
     * What is wrong with {@code item} against the schema at {@code schemaUrl} (one of
     * {@link #known()}); empty when it is valid.
     */
    public static List<String> validate(JsonValue item, String schemaUrl) {
        JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(schemaUrl));
        JsonNode node;
        try {
            node = MAPPER.readTree(JsonWriter.write(item));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> problems = new ArrayList<>();
        for (ValidationMessage message : schema.validate(node)) {
            problems.add(message.getMessage());
        }
        return problems;
    }
}
