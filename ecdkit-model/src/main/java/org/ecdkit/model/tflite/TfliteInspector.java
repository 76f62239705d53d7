package org.ecdkit.model.tflite;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.Printable;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.model.Confidence;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.LayoutInference;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.core.model.ModelSignature;
import org.ecdkit.core.model.TensorLayout;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.core.report.Finding;
import org.ecdkit.model.InspectOptions;
import org.ecdkit.model.Inspection;
import org.ecdkit.model.ModelInspector;
import org.ecdkit.model.ModelSource;
import org.ecdkit.model.Recognition;
import org.ecdkit.model.flatbuffers.FlatBuffer;
import org.ecdkit.model.flatbuffers.FlatTable;
import org.ecdkit.model.flatbuffers.FlatVector;

/**
 * Inspects TFLite models: a FlatBuffer with the identifier "TFL3" whose root is a {@code Model}
 * (version 0, operator_codes 1, subgraphs 2, description 3, buffers 4, metadata 6,
 * signature_defs 7). The model's inputs and outputs are those of its signature ("serving_default",
 * or the one {@code --signature} names) where it has signatures, else those of subgraph 0. The file
 * is memory-mapped and only the tables read are paged in: weights in buffers are never touched.
 */
public final class TfliteInspector implements ModelInspector {

    static final String IDENTIFIER = "TFL3";
    private static final byte[] IDENTIFIER_BYTES = IDENTIFIER.getBytes(StandardCharsets.US_ASCII);
    /** Builtin operators that only take NHWC images: convolutions and pooling. */
    private static final Set<Integer> NHWC_OPERATORS = Set.of(1, 3, 4, 17, 67);
    private static final int MAX_TEXT = 1 << 16;

    @Override
    public ModelFormat format() {
        return ModelFormat.TFLITE;
    }

    @Override
    public Set<String> extensions() {
        return Set.of("tflite", "lite");
    }

    @Override
    public Recognition recognise(ModelSource source) {
        return !source.directory() && source.startsWith(IDENTIFIER_BYTES, 4)
                ? Recognition.byMagic("FlatBuffer identifier \"TFL3\"") : Recognition.NONE;
    }

    @Override
    public Inspection inspect(ModelSource source, InspectOptions options) {
        try (FileChannel channel = FileChannel.open(source.path(), StandardOpenOption.READ)) {
            // A FlatBuffer addresses at most 2 GiB; larger models keep their weights after it (Buffer.offset).
            long mapped = Math.min(channel.size(), Integer.MAX_VALUE);
            MappedByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, mapped);
            return inspect(source, FlatBuffer.of(source.path(), bytes), options);
        } catch (IOException e) {
            throw StorageException.of("read", source.path(), e);
        }
    }

    private Inspection inspect(ModelSource source, FlatBuffer buffer, InspectOptions options) {
        if (buffer.size() < 8) {
            throw new InvalidInputException(Place.of(source.path()), "too short for a TFLite model (" + buffer.size() + " bytes)");
        }
        FlatTable model = buffer.root();
        long version = model.uint32(0, 0);
        FlatVector subgraphs = model.vector(2, 4, "Model.subgraphs");
        if (subgraphs.length() == 0) {
            throw new InvalidInputException(Place.in(source.path(), "Model.subgraphs"), "a TFLite model without subgraphs");
        }
        List<String> notes = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        Endpoints endpoints = endpoints(source, model, subgraphs, options, notes);
        TensorLayout imageLayout = usesNhwcOperators(model)
                ? TensorLayout.declared(Layout.NHWC, "TFLite's convolutions and pooling take NHWC only")
                : new TensorLayout(Layout.NHWC, Confidence.CONVENTION, "TFLite puts channels last");
        List<TensorSpec> inputs = specs(endpoints.inputs(), imageLayout, notes, "input");
        List<TensorSpec> outputs = specs(endpoints.outputs(), imageLayout, notes, "output");
        Map<String, String> properties = new LinkedHashMap<>();
        String description = model.string(3, MAX_TEXT).orElse("");
        if (!description.isEmpty()) {
            properties.put("description", description);
        }
        metadata(model, properties);
        String producer = description.isEmpty() ? "TFLite converter" : description;
        if (properties.containsKey("min_runtime_version")) {
            producer += " (runtime " + properties.get("min_runtime_version") + " or later)";
        }
        if (subgraphs.length() > 1) {
            notes.add(subgraphs.length() + " subgraphs; the model runs " + endpoints.subgraph());
        }
        ModelSignature signature = new ModelSignature(ModelFormat.TFLITE, "schema version " + version, producer, inputs,
                outputs, properties, notes);
        return new Inspection(signature, source.path(), source.base(), List.of(source.fileName()), findings);
    }

    private record Endpoints(String subgraph, List<TfliteTensor> inputs, List<TfliteTensor> outputs) {
    }

    /** The tensors of the chosen signature, or of subgraph 0's inputs and outputs. */
    private static Endpoints endpoints(ModelSource source, FlatTable model, FlatVector subgraphs, InspectOptions options,
            List<String> notes) {
        FlatVector signatures = model.vector(7, 4, "Model.signature_defs");
        if (signatures.length() == 0) {
            if (options.signature().isPresent()) {
                throw new InvalidInputException(Place.of(source.path()), "no signature "
                        + Printable.quoted(options.signature().get()) + "; this TFLite model has no signatures");
            }
            FlatTable subgraph = subgraphs.table(0);
            FlatVector tensors = subgraph.vector(0, 4, "SubGraph.tensors");
            return new Endpoints("subgraph 0", tensors(tensors, subgraph.vector(1, 4, "SubGraph.inputs")),
                    tensors(tensors, subgraph.vector(2, 4, "SubGraph.outputs")));
        }
        Map<String, FlatTable> byKey = new LinkedHashMap<>();
        for (int i = 0; i < signatures.length(); i++) {
            FlatTable signature = signatures.table(i);
            byKey.putIfAbsent(signature.string(2, MAX_TEXT).orElse(""), signature);
        }
        String wanted = options.signature().orElse(byKey.containsKey("serving_default") ? "serving_default"
                : byKey.keySet().iterator().next());
        FlatTable chosen = byKey.get(wanted);
        if (chosen == null) {
            throw new InvalidInputException(Place.of(source.path()), "no signature " + Printable.quoted(wanted)
                    + "; choose one with --signature: " + String.join(", ", byKey.keySet()));
        }
        long index = chosen.uint32(4, 0);
        if (index >= subgraphs.length()) {
            throw new InvalidInputException(Place.in(source.path(), "signature " + wanted), "names subgraph " + index
                    + " of " + subgraphs.length());
        }
        FlatVector tensors = subgraphs.table((int) index).vector(0, 4, "SubGraph.tensors");
        notes.add("signature " + Printable.quoted(wanted) + " of " + String.join(", ", byKey.keySet()));
        return new Endpoints("subgraph " + index + " for signature " + Printable.quoted(wanted),
                mapped(tensors, chosen.vector(0, 4, "SignatureDef.inputs")),
                mapped(tensors, chosen.vector(1, 4, "SignatureDef.outputs")));
    }

    private static List<TfliteTensor> tensors(FlatVector tensors, FlatVector indexes) {
        List<TfliteTensor> result = new ArrayList<>();
        for (int i = 0; i < indexes.length(); i++) {
            result.add(TfliteTensor.read(tensors.table(indexes.int32(i))));
        }
        return result;
    }

    /** TensorMap: name 0, tensor_index 1. */
    private static List<TfliteTensor> mapped(FlatVector tensors, FlatVector maps) {
        List<TfliteTensor> result = new ArrayList<>();
        for (int i = 0; i < maps.length(); i++) {
            FlatTable map = maps.table(i);
            result.add(TfliteTensor.read(tensors.table((int) Math.min(map.uint32(1, 0), Integer.MAX_VALUE))));
        }
        return result;
    }

    private static List<TensorSpec> specs(List<TfliteTensor> tensors, TensorLayout imageLayout, List<String> notes,
            String role) {
        List<TensorSpec> result = new ArrayList<>();
        for (TfliteTensor tensor : tensors) {
            TensorLayout layout = tensor.shape().rank() == 4 ? imageLayout
                    : LayoutInference.infer(tensor.shape(), true, Layout.NHWC, "TFLite");
            result.add(TensorSpec.read(tensor.name(), tensor.type(), tensor.shape(), layout));
            tensor.quantization().ifPresent(q -> notes.add(role + " " + Printable.quoted(tensor.name()) + " is quantized "
                    + tensor.type().label() + ": " + q));
        }
        return result;
    }

    /** OperatorCode: deprecated_builtin_code 0 (byte), builtin_code 3 (int); the larger is the operator. */
    private static boolean usesNhwcOperators(FlatTable model) {
        FlatVector codes = model.vector(1, 4, "Model.operator_codes");
        for (int i = 0; i < codes.length(); i++) {
            FlatTable code = codes.table(i);
            int builtin = Math.max(code.int8(0, (byte) 0), code.int32(3, 0));
            if (NHWC_OPERATORS.contains(builtin)) {
                return true;
            }
        }
        return false;
    }

    /** Metadata: name 0, buffer 1; short text buffers (min_runtime_version) are read, others named. */
    private static void metadata(FlatTable model, Map<String, String> properties) {
        FlatVector metadata = model.vector(6, 4, "Model.metadata");
        FlatVector buffers = model.vector(4, 4, "Model.buffers");
        for (int i = 0; i < Math.min(metadata.length(), 64); i++) {
            FlatTable entry = metadata.table(i);
            String name = entry.string(0, 256).orElse("");
            long index = entry.uint32(1, 0);
            if (name.equals("min_runtime_version") && index < buffers.length()) {
                FlatVector data = buffers.table((int) index).vector(0, 1, "Buffer.data", 64);
                byte[] text = new byte[data.length()];
                for (int b = 0; b < text.length; b++) {
                    text[b] = data.int8(b);
                }
                properties.put(name, new String(text, StandardCharsets.UTF_8).replace("\0", ""));
            } else if (!name.isEmpty()) {
                properties.put("metadata." + name, "buffer " + index);
            }
        }
    }
}
