package org.ecdkit.model.keras;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ecdkit.core.error.EcdkitException;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.core.json.JsonDocumentReader;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.core.zip.ZipArchive;
import org.ecdkit.core.zip.ZipEntryInfo;
import org.ecdkit.core.zip.ZipLimits;
import org.ecdkit.model.InspectOptions;
import org.ecdkit.model.Inspection;
import org.ecdkit.model.ModelInspector;
import org.ecdkit.model.ModelSource;
import org.ecdkit.model.Recognition;

/**
 * Inspects Keras 3 archives ({@code model.save("model.keras")}): a zip holding {@code config.json}
 * (the serialized model), {@code metadata.json} (keras_version, date_saved) and
 * {@code model.weights.h5}, which is never opened.
 */
public final class KerasArchiveInspector implements ModelInspector {

    static final String CONFIG = "config.json";
    static final String METADATA = "metadata.json";
    private static final int MAX_JSON = 64 << 20;

    @Override
    public ModelFormat format() {
        return ModelFormat.KERAS_V3;
    }

    @Override
    public Set<String> extensions() {
        return Set.of("keras");
    }

    @Override
    public Recognition recognise(ModelSource source) {
        if (source.directory() || !ZipArchive.looksLikeZip(source.head())) {
            return Recognition.NONE;
        }
        try (ZipArchive archive = ZipArchive.open(source.path(), ZipLimits.MODEL_PACKAGES)) {
            return archive.entry(CONFIG).isPresent() && (archive.entry(METADATA).isPresent()
                    || archive.entry("model.weights.h5").isPresent())
                    ? Recognition.byStructure("a zip with config.json and metadata.json") : Recognition.NONE;
        } catch (EcdkitException e) {
            // A damaged zip named .keras is read anyway, so the user hears what is wrong with it.
            return extensions().contains(source.extension()) ? Recognition.byName(".keras") : Recognition.NONE;
        }
    }

    @Override
    public Inspection inspect(ModelSource source, InspectOptions options) {
        Path file = source.path();
        try (ZipArchive archive = ZipArchive.open(file, ZipLimits.MODEL_PACKAGES)) {
            ZipEntryInfo config = archive.entry(CONFIG).orElseThrow(() -> new InvalidInputException(Place.in(file, CONFIG),
                    "a zip without config.json: not a Keras 3 archive"));
            Map<String, String> properties = new LinkedHashMap<>();
            Optional<ZipEntryInfo> metadata = archive.entry(METADATA);
            if (metadata.isPresent()) {
                Path metadataName = Path.of(file + "#" + METADATA);
                JsonCursor root = JsonCursor.root(metadataName, new JsonDocumentReader(KerasInspection.CONFIG_LIMITS)
                        .parse(metadataName, archive.read(metadata.get(), 1 << 20)).root());
                root.find("keras_version").filter(JsonCursor::isString).ifPresent(v -> properties.put("keras_version", v.asString()));
                root.find("date_saved").filter(JsonCursor::isString).ifPresent(v -> properties.put("date_saved", v.asString()));
            }
            String json = new String(archive.read(config, MAX_JSON), StandardCharsets.UTF_8);
            String saved = properties.containsKey("date_saved") ? "saved " + properties.get("date_saved") : "no metadata.json";
            return KerasInspection.of(source, ModelFormat.KERAS_V3, saved, Path.of(file + "#" + CONFIG), json, properties);
        }
    }
}
