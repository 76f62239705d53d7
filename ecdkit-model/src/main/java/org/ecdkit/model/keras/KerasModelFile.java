package org.ecdkit.model.keras;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.Printable;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.core.json.JsonDocumentReader;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.core.zip.ZipArchive;
import org.ecdkit.core.zip.ZipEntryInfo;
import org.ecdkit.core.zip.ZipLimits;
import org.ecdkit.model.hdf5.Hdf5Attribute;
import org.ecdkit.model.hdf5.Hdf5Dataset;
import org.ecdkit.model.hdf5.Hdf5File;
import org.ecdkit.model.hdf5.Hdf5Group;
import org.ecdkit.model.hdf5.Hdf5Reader;

/**
 * A Keras model opened for its architecture and its weights: an HDF5 file ({@code model.save("m.h5")}
 * by Keras 1 to 3) or a Keras 3 archive ({@code .keras}, whose {@code model.weights.h5} is copied to
 * a scratch file, removed on close). Weights are read when asked for, layer by layer.
 *
 * <p>Where weights live: in an HDF5 model, group {@code model_weights/<layer>} lists its datasets
 * in the attribute {@code weight_names}, in order; in a .keras archive, group
 * {@code layers/<key>/vars} holds datasets {@code 0, 1, ...} in order, and its attribute
 * {@code name} is the layer's name (Keras 3.x writes it; for files that lack it, the key is the
 * layer class in snake case, numbered per class in layer order, as Keras makes it).
 */
public final class KerasModelFile implements AutoCloseable {

    /** The most values one weight may hold: 1 Gi floats, 4 GiB, far beyond any layer's kernel. */
    public static final long MAX_WEIGHT_VALUES = 1L << 30;
    private static final int MAX_JSON = 64 << 20;

    private final Path file;
    private final ModelFormat format;
    private final KerasArchitecture architecture;
    private final Hdf5Reader weights;
    private final Path scratch;
    private final Map<String, Hdf5Group> layerGroups;

    private KerasModelFile(Path file, ModelFormat format, KerasArchitecture architecture, Hdf5Reader weights, Path scratch,
            Map<String, Hdf5Group> layerGroups) {
        this.file = file;
        this.format = format;
        this.architecture = architecture;
        this.weights = weights;
        this.scratch = scratch;
        this.layerGroups = layerGroups;
    }

    /** Opens {@code file}; a .keras archive's weights are copied into {@code scratchFolder}. */
    public static KerasModelFile open(Path file, Path scratchFolder) {
        byte[] head = head(file);
        if (Hdf5File.hasSignature(head)) {
            return openHdf5(file);
        }
        if (ZipArchive.looksLikeZip(head)) {
            return openArchive(file, scratchFolder);
        }
        throw new InvalidInputException(Place.of(file), "neither an HDF5 file nor a zip: not a Keras model");
    }

    /**
     * The model's architecture alone, its weights not touched (a .keras archive's are not even copied
     * out): what a check of the layers needs.
     */
    public static KerasArchitecture architecture(Path file) {
        byte[] head = head(file);
        if (Hdf5File.hasSignature(head)) {
            Map<String, Hdf5Attribute> attributes = Hdf5File.read(file).rootAttributes();
            String json = Optional.ofNullable(attributes.get("model_config")).flatMap(Hdf5Attribute::text)
                    .orElseThrow(() -> new InvalidInputException(Place.in(file, "model_config"), "an HDF5 file without the "
                            + "Keras \"model_config\" attribute: a weights-only file (save_weights) or not a Keras model"));
            String version = Optional.ofNullable(attributes.get("keras_version")).flatMap(Hdf5Attribute::text).orElse("");
            return architecture(Path.of(file + "#model_config"), json, version);
        }
        if (ZipArchive.looksLikeZip(head)) {
            try (ZipArchive archive = ZipArchive.open(file, ZipLimits.MODEL_PACKAGES)) {
                return archiveArchitecture(file, archive);
            }
        }
        throw new InvalidInputException(Place.of(file), "neither an HDF5 file nor a zip: not a Keras model");
    }

    private static KerasArchitecture archiveArchitecture(Path file, ZipArchive archive) {
        ZipEntryInfo config = archive.entry(KerasArchiveInspector.CONFIG).orElseThrow(() -> new InvalidInputException(
                Place.in(file, KerasArchiveInspector.CONFIG), "a zip without config.json: not a Keras 3 archive"));
        String version = "";
        Optional<ZipEntryInfo> metadata = archive.entry(KerasArchiveInspector.METADATA);
        if (metadata.isPresent()) {
            Path name = Path.of(file + "#" + KerasArchiveInspector.METADATA);
            JsonCursor root = JsonCursor.root(name, new JsonDocumentReader(KerasInspection.CONFIG_LIMITS)
                    .parse(name, archive.read(metadata.get(), 1 << 20)).root());
            version = root.find("keras_version").filter(JsonCursor::isString).map(JsonCursor::asString).orElse("");
        }
        return architecture(Path.of(file + "#" + KerasArchiveInspector.CONFIG),
                new String(archive.read(config, MAX_JSON), StandardCharsets.UTF_8), version);
    }

    private static byte[] head(Path file) {
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes(8);
        } catch (IOException e) {
            throw StorageException.of("read", file, e);
        }
    }

    private static KerasModelFile openHdf5(Path file) {
        Hdf5Reader reader = Hdf5Reader.open(file);
        try {
            Hdf5Group root = reader.root();
            String json = root.textAttribute("model_config").orElseThrow(() -> new InvalidInputException(
                    Place.in(file, "model_config"), "an HDF5 file without the Keras \"model_config\" attribute: a "
                    + "weights-only file (save_weights) or not a Keras model; save the whole model with model.save(...)"));
            String version = root.textAttribute("keras_version").orElse("");
            KerasArchitecture architecture = architecture(Path.of(file + "#model_config"), json, version);
            Hdf5Group base = root.group("model_weights").orElseThrow(() -> new InvalidInputException(
                    Place.in(file, "model_weights"), "the model has no weights: the file lacks group \"model_weights\" "
                    + "(saved without weights, or damaged)"));
            Map<String, Hdf5Group> groups = new HashMap<>();
            Set<String> known = layerNames(architecture);
            List<String> listed = Optional.ofNullable(base.attributes().get("layer_names")).map(Hdf5Attribute::texts)
                    .orElse(base.memberNames());
            for (String name : listed) {
                Optional<Hdf5Group> group = base.group(name);
                if (group.isEmpty()) {
                    throw new InvalidInputException(Place.in(file, "model_weights/" + name), "layer_names lists layer "
                            + Printable.quoted(name) + ", whose weights group is missing");
                }
                if (!known.contains(name) && !group.get().memberNames().isEmpty()) {
                    throw new InvalidInputException(Place.in(file, "model_weights/" + name), "weights of layer "
                            + Printable.quoted(name) + ", which the model config lacks: config and weights do not match");
                }
                groups.put(name, group.get());
            }
            return new KerasModelFile(file, ModelFormat.KERAS_HDF5, architecture, reader, null, groups);
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    private static KerasModelFile openArchive(Path file, Path scratchFolder) {
        Path scratch = null;
        Hdf5Reader reader = null;
        try (ZipArchive archive = ZipArchive.open(file, ZipLimits.MODEL_PACKAGES)) {
            KerasArchitecture architecture = archiveArchitecture(file, archive);
            ZipEntryInfo weightsEntry = archive.entry("model.weights.h5").orElseThrow(() -> new InvalidInputException(
                    Place.in(file, "model.weights.h5"), "the archive has no model.weights.h5: the model's weights are missing"));
            Files.createDirectories(scratchFolder);
            scratch = Files.createTempFile(scratchFolder, "keras-weights-", ".h5");
            try (OutputStream out = Files.newOutputStream(scratch)) {
                archive.copy(weightsEntry, out);
            }
            reader = Hdf5Reader.open(scratch, Path.of(file + "#model.weights.h5"));
            Map<String, Hdf5Group> groups = archiveLayerGroups(file, reader.root(), architecture);
            return new KerasModelFile(file, ModelFormat.KERAS_V3, architecture, reader, scratch, groups);
        } catch (IOException e) {
            cleanUp(reader, scratch);
            throw StorageException.of("write", scratch == null ? scratchFolder : scratch, e);
        } catch (RuntimeException e) {
            cleanUp(reader, scratch);
            throw e;
        }
    }

    private static Map<String, Hdf5Group> archiveLayerGroups(Path file, Hdf5Group root, KerasArchitecture architecture) {
        Map<String, Hdf5Group> groups = new HashMap<>();
        Set<String> known = layerNames(architecture);
        Optional<Hdf5Group> layers = root.group("layers");
        if (layers.isEmpty()) {
            return groups;
        }
        Map<String, String> generated = generatedKeys(architecture);
        for (String key : layers.get().memberNames()) {
            Optional<Hdf5Group> vars = layers.get().group(key + "/vars");
            if (vars.isEmpty()) {
                continue;
            }
            String name = vars.get().textAttribute("name").orElse(generated.getOrDefault(key, key));
            if (!known.contains(name)) {
                if (vars.get().memberNames().isEmpty()) {
                    continue;
                }
                throw new InvalidInputException(Place.in(file, "model.weights.h5#layers/" + key), "weights of layer "
                        + Printable.quoted(name) + ", which the model config lacks: config and weights do not match");
            }
            groups.put(name, vars.get());
        }
        return groups;
    }

    /** Keras's own keys for layers: the class in snake case ("re_lu", "conv2d_transpose"), then "_1", "_2", ... */
    private static Map<String, String> generatedKeys(KerasArchitecture architecture) {
        Map<String, Integer> counts = new HashMap<>();
        Map<String, String> keys = new HashMap<>();
        for (KerasLayer layer : architecture.layers()) {
            if (architecture.sequential() && layer.className().equals("InputLayer")) {
                continue;
            }
            String base = layer.className().replaceAll("(.)([A-Z][a-z]+)", "$1_$2").replaceAll("([a-z])([A-Z])", "$1_$2")
                    .toLowerCase(Locale.ROOT);
            int n = counts.merge(base, 1, Integer::sum) - 1;
            keys.put(n == 0 ? base : base + "_" + n, layer.name());
        }
        return keys;
    }

    private static Set<String> layerNames(KerasArchitecture architecture) {
        Set<String> names = new HashSet<>();
        architecture.layers().forEach(l -> names.add(l.name()));
        return names;
    }

    private static KerasArchitecture architecture(Path name, String json, String version) {
        JsonCursor root = JsonCursor.root(name, new JsonDocumentReader(KerasInspection.CONFIG_LIMITS)
                .parse(name, json.getBytes(StandardCharsets.UTF_8)).root());
        return KerasArchitecture.of(KerasModelConfig.read(root), version);
    }

    private static void cleanUp(Hdf5Reader reader, Path scratch) {
        if (reader != null) {
            reader.close();
        }
        if (scratch != null) {
            try {
                Files.deleteIfExists(scratch);
            } catch (IOException ignored) {
                // a scratch file left in a temporary folder; the error being reported matters more
            }
        }
    }

    public Path file() {
        return file;
    }

    public ModelFormat format() {
        return format;
    }

    public KerasArchitecture architecture() {
        return architecture;
    }

    /** The layer's weights in Keras's order for its class; empty for a layer without weights. */
    public List<KerasWeight> weights(KerasLayer layer) {
        Hdf5Group group = layerGroups.get(layer.name());
        if (group == null) {
            return List.of();
        }
        List<String> paths = new ArrayList<>();
        if (format == ModelFormat.KERAS_HDF5) {
            Hdf5Attribute names = group.attributes().get("weight_names");
            if (names != null) {
                paths.addAll(names.texts());
            }
        } else {
            for (int i = 0; group.dataset(Integer.toString(i)).isPresent(); i++) {
                paths.add(Integer.toString(i));
            }
        }
        List<KerasWeight> result = new ArrayList<>();
        for (String path : paths) {
            String where = group.path().substring(1) + "/" + path;
            Hdf5Dataset dataset = group.dataset(path).orElseThrow(() -> new InvalidInputException(Place.in(file, where),
                    "layer " + Printable.quoted(layer.name()) + " names weight " + Printable.quoted(path)
                    + ", which its weights group lacks"));
            result.add(new KerasWeight(where, dataset.shape(), dataset.readFloats(MAX_WEIGHT_VALUES)));
        }
        return result;
    }

    @Override
    public void close() {
        cleanUp(weights, scratch);
    }
}
