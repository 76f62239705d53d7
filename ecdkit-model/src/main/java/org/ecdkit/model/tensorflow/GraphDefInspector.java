package org.ecdkit.model.tensorflow;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.model.ElementType;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.core.model.ModelSignature;
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
import org.ecdkit.model.protobuf.ProtoReader;

/**
 * Inspects frozen TensorFlow graphs (a .pb holding one {@code GraphDef}): inputs are the Placeholder
 * nodes, with their dtype and shape attributes; outputs are the nodes nothing consumes, leaving out
 * no-ops, constants and training or saving machinery. When several remain, {@code --output-node}
 * picks one. The weights, Const nodes' tensors, are skipped by seeking.
 */
public final class GraphDefInspector implements ModelInspector {

    private static final Map<Integer, Integer> GRAPH_FIELDS = Map.of(1, 2, 2, 2, 3, 0, 4, 2, 5, 2);

    /** Operations that are never a model's output even when nothing consumes them. */
    private static final Set<String> NOT_OUTPUTS = Set.of("NoOp", "Const", "Placeholder", "PlaceholderV2",
            "PlaceholderWithDefault", "Assign", "AssignAdd", "AssignSub", "AssignVariableOp", "VariableV2", "Variable",
            "VarHandleOp", "VarIsInitializedOp", "ReadVariableOp", "SaveV2", "RestoreV2", "Save", "Restore", "SaveSlices",
            "RestoreSlice", "MergeV2Checkpoints", "ShardedFilename", "StringJoin", "Assert", "ScalarSummary",
            "HistogramSummary", "ImageSummary", "MergeSummary", "TensorSummary", "TensorSummaryV2", "IsVariableInitialized",
            "Print", "PrintV2");

    /** TensorFlow's Saver builds its save and restore nodes, placeholders included, under this scope. */
    private static final String SAVER_SCOPE = "save/";

    @Override
    public ModelFormat format() {
        return ModelFormat.TENSORFLOW_GRAPH_DEF;
    }

    @Override
    public Set<String> extensions() {
        return Set.of("pb", "graphdef");
    }

    @Override
    public Recognition recognise(ModelSource source) {
        if (source.directory() || source.size() == 0) {
            return Recognition.NONE;
        }
        ProtoOutline outline = ProtoOutline.read(source.path(), source.size(), 64);
        if (!outline.only(GRAPH_FIELDS) || !outline.has(1)) {
            return Recognition.NONE;
        }
        // The first node's first field is its name (1) or op (2), both strings.
        ProtoOutline node = ProtoOutline.of(source.path(), outline.first(1), 4);
        if (node.isEmpty() || node.fields().get(0).wireType() != 2 || node.fields().get(0).number() > 5) {
            return Recognition.NONE;
        }
        return Recognition.byStructure("protobuf GraphDef of nodes");
    }

    @Override
    public Inspection inspect(ModelSource source, InspectOptions options) {
        GraphDefProto graph;
        try (FileChannel channel = FileChannel.open(source.path(), StandardOpenOption.READ)) {
            graph = GraphDefProto.parse(new ProtoReader(channel, source.path(), 0, channel.size()), true);
        } catch (IOException e) {
            throw StorageException.of("read", source.path(), e);
        }
        Set<String> consumed = new HashSet<>();
        for (NodeDef node : graph.nodes()) {
            for (String input : node.inputs()) {
                consumed.add(nodeName(input));
            }
        }
        List<TensorSpec> inputs = new ArrayList<>();
        List<String> optional = new ArrayList<>();
        List<NodeDef> candidates = new ArrayList<>();
        for (NodeDef node : graph.nodes()) {
            if (node.name().startsWith(SAVER_SCOPE)) {
                continue;
            }
            if (node.op().equals("Placeholder") || node.op().equals("PlaceholderV2")) {
                inputs.add(TensorSpec.read(node.name(), TensorFlowTypes.toElementType(node.dataType()), node.shape(),
                        TensorFlowLayouts.of(node.shape(), graph.votes())));
            } else if (node.op().equals("PlaceholderWithDefault")) {
                optional.add(node.name());
            }
            if (!consumed.contains(node.name()) && !NOT_OUTPUTS.contains(node.op())) {
                candidates.add(node);
            }
        }
        if (options.outputNode().isPresent()) {
            String wanted = options.outputNode().get();
            NodeDef node = graph.nodes().stream().filter(n -> n.name().equals(wanted)).findFirst()
                    .orElseThrow(() -> new InvalidInputException(Place.of(source.path()), "no node named \"" + wanted + "\""));
            candidates = List.of(node);
        }
        List<TensorSpec> outputs = new ArrayList<>();
        for (NodeDef node : candidates) {
            outputs.add(output(node, graph));
        }
        List<String> notes = new ArrayList<>();
        notes.add(graph.nodes().size() + " nodes" + (graph.producer() > 0 ? ", graph version " + graph.producer() : ""));
        if (!optional.isEmpty()) {
            notes.add("inputs with defaults, not fed: " + String.join(", ", optional));
        }
        List<Finding> findings = new ArrayList<>();
        if (outputs.size() > 1) {
            findings.add(Finding.note("several-outputs", source.path() + ": " + outputs.size() + " nodes are consumed by "
                    + "nothing; choose the model's output with --output-node"));
        }
        if (outputs.stream().anyMatch(t -> !t.shape().rankKnown())) {
            notes.add("the graph records no output shapes (no _output_shapes attributes); their layout is a guess");
        }
        ModelSignature signature = new ModelSignature(ModelFormat.TENSORFLOW_GRAPH_DEF,
                graph.producer() > 0 ? "GraphDef version " + graph.producer() : "GraphDef", "TensorFlow", inputs, outputs,
                Map.of(), notes);
        return new Inspection(signature, source.path(), source.base(), List.of(source.fileName()), findings);
    }

    private static TensorSpec output(NodeDef node, GraphDefProto graph) {
        boolean argMax = node.op().equals("ArgMax") || node.op().equals("ArgMin");
        int dtype = node.dataType() != 0 ? node.dataType() : argMax ? 9 : 1;
        ElementType type = TensorFlowTypes.toElementType(dtype);
        Shape shape = node.outputShapes().isEmpty() ? Shape.unknownRank() : node.outputShapes().get(0);
        TensorLayout layout = shape.rankKnown() ? TensorFlowLayouts.of(shape, graph.votes())
                : TensorFlowLayouts.unrecorded(graph.votes(), argMax);
        return TensorSpec.read(node.name(), type, shape, layout);
    }

    /** "conv/BiasAdd:1" and "^init" name the nodes "conv/BiasAdd" and "init". */
    static String nodeName(String input) {
        String name = input.startsWith("^") ? input.substring(1) : input;
        int colon = name.lastIndexOf(':');
        return colon > 0 && name.substring(colon + 1).chars().allMatch(Character::isDigit) ? name.substring(0, colon) : name;
    }
}
