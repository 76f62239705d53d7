package org.ecdkit.model.onnx;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.model.ElementType;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.LayoutInference;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.core.model.ModelSignature;
import org.ecdkit.core.model.ReceptiveField;
import org.ecdkit.core.model.Shape;
import org.ecdkit.core.model.TensorLayout;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.core.report.Finding;
import org.ecdkit.model.InspectOptions;
import org.ecdkit.model.Inspection;
import org.ecdkit.model.ModelInspector;
import org.ecdkit.model.ModelSource;
import org.ecdkit.model.Recognition;
import org.ecdkit.model.protobuf.ProtoOutline;

/**
 * Inspects ONNX models ({@code ModelProto}, onnx/onnx.proto) by reading the protobuf directly:
 * producer, IR and opset versions, graph inputs (initializers excluded, which IR versions before 4
 * also list as inputs) and outputs with element types and shapes, metadata properties, and the
 * external files the weights live in. Weights are skipped by seeking, so inspecting a model costs
 * what its graph costs, whatever the size of its weights.
 */
public final class OnnxInspector implements ModelInspector {

    /** ModelProto's fields and their wire types; a file whose first fields are others is not ONNX. */
    private static final Map<Integer, Integer> MODEL_FIELDS = Map.ofEntries(
            Map.entry(1, 0), Map.entry(2, 2), Map.entry(3, 2), Map.entry(4, 2), Map.entry(5, 0), Map.entry(6, 2),
            Map.entry(7, 2), Map.entry(8, 2), Map.entry(14, 2), Map.entry(20, 2), Map.entry(25, 2), Map.entry(26, 2));
    private static final int MAX_TOP_LEVEL_FIELDS = 10_000;

    @Override
    public ModelFormat format() {
        return ModelFormat.ONNX;
    }

    @Override
    public Set<String> extensions() {
        return Set.of("onnx");
    }

    @Override
    public Recognition recognise(ModelSource source) {
        if (source.directory() || source.size() == 0) {
            return Recognition.NONE;
        }
        Recognition byName = source.extension().equals("onnx") ? Recognition.byName(".onnx file") : Recognition.NONE;
        ProtoOutline outline = ProtoOutline.read(source.path(), source.size(), MAX_TOP_LEVEL_FIELDS);
        ProtoOutline.Field version = outline.first(1);
        boolean plausibleVersion = version != null && version.wireType() == 0 && version.varint() > 0 && version.varint() < 100;
        if (outline.only(MODEL_FIELDS) && outline.has(7) && plausibleVersion) {
            return Recognition.byStructure("protobuf ModelProto with ir_version and a graph");
        }
        return byName;
    }

    @Override
    public Inspection inspect(ModelSource source, InspectOptions options) {
        Path file = source.path();
        ModelProto model;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            model = ModelProto.read(channel, file, channel.size());
        } catch (IOException e) {
            throw StorageException.of("read", file, e);
        }
        GraphProto graph = model.graph();
        if (graph == null) {
            throw new InvalidInputException(Place.in(file, "ModelProto"), "no graph (field 7): not an ONNX model");
        }
        long opset = model.opsets().getOrDefault("", 0L);
        String producer = (model.producerName() + " " + model.producerVersion()).trim();
        Convention convention = Convention.of(model.producerName());
        OnnxLayoutEvidence evidence = new OnnxLayoutEvidence(graph, opset);

        List<TensorSpec> inputs = new ArrayList<>();
        for (ValueInfoProto input : graph.inputs()) {
            if (!graph.initializers().contains(input.name())) {
                inputs.add(tensor(input, evidence.forInput(input.name(), input.type().shape()), convention));
            }
        }
        List<TensorSpec> outputs = new ArrayList<>();
        for (ValueInfoProto output : graph.outputs()) {
            outputs.add(tensor(output, evidence.forOutput(output.name(), output.type().shape().rank()), convention));
        }

        List<Finding> findings = new ArrayList<>();
        List<String> files = new ArrayList<>();
        files.add(source.fileName());
        files.addAll(externalFiles(source, graph, findings));

        List<String> notes = new ArrayList<>();
        notes.add(graphSummary(graph));
        if (inputs.isEmpty()) {
            findings.add(Finding.error("no-inputs", file + ": the graph has no inputs besides its weights"));
        }
        if (outputs.isEmpty()) {
            findings.add(Finding.error("no-outputs", file + ": the graph declares no outputs"));
        }
        java.util.Set<String> images = new java.util.LinkedHashSet<>();
        int channelAxis = 1;
        for (TensorSpec input : inputs) {
            images.add(input.name());
            if (input.layout().layout() == org.ecdkit.core.model.Layout.NHWC) {
                channelAxis = 3;
            }
        }
        Map<String, ReceptiveField> fields = OnnxReceptiveField.of(graph, images, channelAxis);
        fields.forEach((output, field) -> notes.add("receptive field of \"" + output + "\": " + field));
        ModelSignature signature = new ModelSignature(ModelFormat.ONNX, versions(model), producer, inputs, outputs,
                model.metadata(), notes);
        return new Inspection(signature, source.path(), source.base(), files, findings, fields, OnnxClassScores.of(graph));
    }

    private static TensorSpec tensor(ValueInfoProto value, java.util.Optional<TensorLayout> declared, Convention convention) {
        TypeProto type = value.type();
        ElementType elementType = type.kind().equals("tensor") ? OnnxDataType.toElementType(type.elemType()) : ElementType.UNKNOWN;
        Shape shape = type.shape();
        TensorLayout layout = declared.orElseGet(() -> type.kind().equals("tensor")
                ? LayoutInference.infer(shape, true, convention.layout(), convention.name())
                : TensorLayout.UNKNOWN);
        return TensorSpec.read(value.name(), elementType, shape, layout);
    }

    /** The external data files the weights name, checked to lie inside the model's folder. */
    private static List<String> externalFiles(ModelSource source, GraphProto graph, List<Finding> findings) {
        Set<String> locations = new TreeSet<>();
        Map<String, Long> needed = new LinkedHashMap<>();
        Path base = source.base();
        for (TensorProto tensor : graph.externalTensors()) {
            String location = tensor.externalData().getOrDefault("location", "");
            Place place = Place.in(source.path(), "initializer \"" + tensor.name() + "\"");
            Path resolved = insideFolder(base, location).orElseThrow(() -> new InvalidInputException(place,
                    "external data location \"" + location.replace("\0", "\\0") + "\" must be a path inside the model's folder"
                    + " (links followed)"));
            long end;
            try {
                end = Math.addExact(parseLong(tensor.externalData().get("offset")), parseLong(tensor.externalData().get("length")));
            } catch (ArithmeticException e) {
                throw new InvalidInputException(place, "external data offset and length add up past any file size");
            }
            needed.merge(location, end, Math::max);
            locations.add(base.relativize(resolved).toString().replace('\\', '/'));
        }
        for (Map.Entry<String, Long> entry : needed.entrySet()) {
            Path data = base.resolve(entry.getKey());
            if (!Files.isRegularFile(data)) {
                findings.add(Finding.error("missing-weights", source.path() + ": the weights file " + data
                        + " it refers to is missing"));
            } else {
                try {
                    long size = Files.size(data);
                    if (size < entry.getValue()) {
                        findings.add(Finding.error("short-weights", data + ": " + size + " bytes, but the model reads up to byte "
                                + entry.getValue() + " of it (truncated?)"));
                    }
                } catch (IOException e) {
                    throw StorageException.of("read", data, e);
                }
            }
        }
        return List.copyOf(locations);
    }

    /** {@code location} resolved against {@code base}, if it is a relative path that stays inside it. */
    private static java.util.Optional<Path> insideFolder(Path base, String location) {
        if (location.isEmpty() || location.startsWith("..") || location.contains("\\..")) {
            return java.util.Optional.empty();
        }
        try {
            Path resolved = base.resolve(location).normalize();
            if (Path.of(location).isAbsolute() || !resolved.startsWith(base)) {
                return java.util.Optional.empty();
            }
            // A link inside the folder may lead anywhere (/etc/passwd): where it really leads is what counts.
            if (Files.exists(resolved) && !resolved.toRealPath().startsWith(base.toRealPath())) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(resolved);
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (java.nio.file.InvalidPathException e) {
            return java.util.Optional.empty(); // a NUL byte, or a name the file system cannot hold
        }
    }

    private static long parseLong(String text) {
        try {
            return text == null ? 0 : Math.max(0, Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String versions(ModelProto model) {
        StringBuilder text = new StringBuilder("IR " + model.irVersion());
        model.opsets().forEach((domain, version) -> text.append(", ")
                .append(domain.isEmpty() ? "opset" : domain).append(' ').append(version));
        return text.toString();
    }

    private static String graphSummary(GraphProto graph) {
        Map<String, Integer> ops = new LinkedHashMap<>();
        graph.nodes().forEach(n -> ops.merge(n.opType(), 1, Integer::sum));
        String histogram = ops.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(8)
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        return "graph \"" + graph.name() + "\": " + graph.nodeCount() + " nodes (" + histogram + "), "
                + graph.initializers().size() + " initializers";
    }

    /** The channel order a producer's exports follow, used only when the graph and the sizes do not tell. */
    private record Convention(Layout layout, String name) {
        static Convention of(String producer) {
            String p = producer.toLowerCase(Locale.ROOT);
            if (p.contains("pytorch") || p.contains("torch")) {
                return new Convention(Layout.NCHW, "PyTorch exports");
            }
            if (p.contains("tf2onnx") || p.contains("keras2onnx") || p.contains("tensorflow")) {
                return new Convention(Layout.NHWC, "TensorFlow exports (tf2onnx keeps NHWC inputs)");
            }
            return new Convention(null, null);
        }
    }
}
