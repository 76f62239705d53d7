package org.ecdkit.model.cntk;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.core.model.ModelSignature;
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
 * Inspects CNTK v2 models: a protobuf {@code Dictionary} (CNTK.proto) holding a CompositeFunction. A
 * CNTK v1 model (BrainScript era, starting with the wide string "BCN") is recognised and refused with
 * the way forward.
 */
public final class CntkInspector implements ModelInspector {

    /** The keys of a serialized CompositeFunction (CNTK's Serialization.h); one of them comes first. */
    private static final Set<String> COMPOSITE_KEYS = Set.of("version", "type", "uid", "root", "name", "inputs",
            "primitive_functions", "state");

    /** "BCN" as CNTK v1 writes it, UTF-16 with its terminating zero (CNTK's BackCompat.h). */
    static final byte[] V1_MARKER = {'B', 0, 'C', 0, 'N', 0, 0, 0};

    @Override
    public ModelFormat format() {
        return ModelFormat.CNTK_V2;
    }

    @Override
    public Set<String> extensions() {
        return Set.of("model", "cntk", "dnn", "cmf");
    }

    @Override
    public Recognition recognise(ModelSource source) {
        if (source.directory() || source.size() == 0) {
            return Recognition.NONE;
        }
        if (source.startsWith(V1_MARKER, 0)) {
            return Recognition.byMagic("CNTK v1 \"BCN\" marker");
        }
        return looksLikeCntk(source.path(), source.size()) ? Recognition.byStructure("a CNTK Dictionary") : Recognition.NONE;
    }

    /**
     * Fields 1 (varint) and 2 (map entries) whose first key is one of a CompositeFunction's. A
     * SavedModel has the same outline; the key tells them apart.
     */
    public static boolean looksLikeCntk(java.nio.file.Path file, long size) {
        ProtoOutline outline = ProtoOutline.read(file, size, 64);
        if (!outline.only(Map.of(1, 0, 2, 2)) || !outline.has(2)) {
            return false;
        }
        List<ProtoOutline.Field> entry = ProtoOutline.of(file, outline.first(2), 1).fields();
        return !entry.isEmpty() && entry.get(0).number() == 1 && COMPOSITE_KEYS.contains(ProtoOutline.text(file, entry.get(0), 64));
    }

    @Override
    public Inspection inspect(ModelSource source, InspectOptions options) {
        if (source.startsWith(V1_MARKER, 0)) {
            throw new UnsupportedInputException(Place.of(source.path()), "a CNTK v1 model (the BrainScript-era format "
                    + "starting with \"BCN\"); ecdkit reads CNTK v2 models: load it with CNTK 2 (cntk.load_model) and "
                    + "save it again, or export it to ONNX (model.save(path, format=C.ModelFormat.ONNX))");
        }
        CntkValue.Dict model;
        try (FileChannel channel = FileChannel.open(source.path(), StandardOpenOption.READ)) {
            model = CntkDictionary.read(new ProtoReader(channel, source.path(), 0, channel.size()));
        } catch (IOException e) {
            throw StorageException.of("read", source.path(), e);
        }
        String type = model.text("type");
        if (!type.equals("CompositeFunction")) {
            throw new InvalidInputException(Place.in(source.path(), "type"), "a CNTK dictionary of type \"" + type
                    + "\", not a model (a CompositeFunction); was it saved with Function.save?");
        }
        CntkGraph graph = new CntkGraph(model);
        List<TensorSpec> inputs = graph.inputs();
        List<TensorSpec> outputs = graph.outputs();
        List<String> notes = new ArrayList<>();
        notes.add(graph.functionCount() + " primitive functions; shapes in Python's order (CNTK stores them reversed); "
                + "the batch is a dynamic axis, not part of the shapes");
        List<Finding> findings = new ArrayList<>();
        if (outputs.stream().anyMatch(t -> !t.shape().rankKnown())) {
            findings.add(Finding.note("output-shape", source.path() + ": CNTK does not store output shapes and the root "
                    + "does not end in a convolution or dense step ecdkit can read; the class count cannot be checked"));
        }
        ModelSignature signature = new ModelSignature(ModelFormat.CNTK_V2, "Dictionary version " + model.number("version", 0),
                "CNTK", inputs, outputs, Map.of(), notes);
        return new Inspection(signature, source.path(), source.base(), List.of(source.fileName()), findings);
    }
}
