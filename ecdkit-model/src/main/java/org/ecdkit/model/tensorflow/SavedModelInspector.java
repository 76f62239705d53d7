package org.ecdkit.model.tensorflow;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.error.UnsupportedInputException;
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
import org.ecdkit.model.cntk.CntkInspector;
import org.ecdkit.model.protobuf.ProtoOutline;
import org.ecdkit.model.protobuf.ProtoReader;

/**
 * Inspects TensorFlow SavedModels: the folder (or its saved_model.pb), protobuf {@code SavedModel}
 * (tensorflow/core/protobuf/saved_model.proto: saved_model_schema_version 1, meta_graphs 2). The meta
 * graph tagged "serve" is read, and its signature "serving_default" unless another is asked for; the
 * signature's inputs and outputs are the model's. Variables stay in variables/, never read.
 */
public final class SavedModelInspector implements ModelInspector {

    static final String FILE = "saved_model.pb";
    static final String DEFAULT_SIGNATURE = "serving_default";
    /** The property naming the signature read, which runtimes feed and fetch by. */
    public static final String SIGNATURE_PROPERTY = "signature";
    private static final int MAX_FILES = 100_000;

    @Override
    public ModelFormat format() {
        return ModelFormat.TENSORFLOW_SAVED_MODEL;
    }

    @Override
    public Set<String> extensions() {
        return Set.of("pb");
    }

    @Override
    public Recognition recognise(ModelSource source) {
        if (source.directory()) {
            if (Files.isRegularFile(source.path().resolve(FILE))) {
                return Recognition.byMagic("a folder with " + FILE);
            }
            if (Files.isRegularFile(source.path().resolve("saved_model.pbtxt"))) {
                return Recognition.byStructure("a folder with saved_model.pbtxt");
            }
            return Recognition.NONE;
        }
        if (source.size() == 0 || !looksLikeSavedModel(source.path(), source.size())) {
            return Recognition.NONE;
        }
        return source.fileName().equals(FILE) ? Recognition.byMagic(FILE) : Recognition.byStructure("protobuf SavedModel");
    }

    /** Fields 1 (varint) and 2 (a MetaGraphDef, not a CNTK dictionary entry), and nothing else. */
    static boolean looksLikeSavedModel(Path file, long size) {
        ProtoOutline outline = ProtoOutline.read(file, size, 64);
        if (!outline.only(Map.of(1, 0, 2, 2)) || !outline.has(2)) {
            return false;
        }
        ProtoOutline metaGraph = ProtoOutline.of(file, outline.first(2), 16);
        if (metaGraph.isEmpty() || !metaGraph.only(Map.of(1, 2, 2, 2, 3, 2, 4, 2, 5, 2, 6, 2, 7, 2))) {
            return false;
        }
        return !CntkInspector.looksLikeCntk(file, size);
    }

    @Override
    public Inspection inspect(ModelSource source, InspectOptions options) {
        Path folder = source.directory() ? source.path() : source.path().toAbsolutePath().getParent();
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            if (Files.isRegularFile(folder.resolve("saved_model.pbtxt"))) {
                throw new UnsupportedInputException(Place.of(folder.resolve("saved_model.pbtxt")), "a SavedModel in "
                        + "protobuf text format; ecdkit reads the binary saved_model.pb (re-save the model without as_text)");
            }
            throw StorageException.of("read", file, new java.nio.file.NoSuchFileException(file.toString()));
        }
        List<MetaGraphDef> metaGraphs = read(file);
        if (metaGraphs.isEmpty()) {
            throw new InvalidInputException(Place.in(file, "SavedModel"), "no meta graph (field 2): not a SavedModel");
        }
        MetaGraphDef metaGraph = metaGraphs.stream().filter(m -> m.tags().contains("serve")).findFirst().orElse(metaGraphs.get(0));
        String wanted = options.signature().orElse(DEFAULT_SIGNATURE);
        SignatureDef signature = metaGraph.signatures().get(wanted);
        String chosen = wanted;
        if (signature == null && options.signature().isEmpty() && metaGraph.signatures().size() == 1) {
            chosen = metaGraph.signatures().keySet().iterator().next();
            signature = metaGraph.signatures().get(chosen);
        }
        if (signature == null) {
            throw new InvalidInputException(Place.in(file, "signature_def"), "no signature \"" + wanted + "\"; "
                    + (metaGraph.signatures().isEmpty() ? "the meta graph has none (a TF1 graph without signatures: "
                            + "freeze it to a .pb, or re-export it with a serving signature)"
                            : "choose one with --signature: " + String.join(", ", metaGraph.signatures().keySet())));
        }
        List<TensorSpec> inputs = tensors(signature.inputs(), metaGraph.votes());
        List<TensorSpec> outputs = tensors(signature.outputs(), metaGraph.votes());
        List<String> notes = new ArrayList<>();
        notes.add("meta graph tags " + metaGraph.tags() + "; signature \"" + chosen + "\""
                + (signature.methodName().isEmpty() ? "" : " (" + signature.methodName() + ")")
                + (metaGraph.signatures().size() > 1 ? " of " + String.join(", ", metaGraph.signatures().keySet()) : ""));
        notes.add("graph tensors: " + Stream.concat(signature.inputs().entrySet().stream(), signature.outputs().entrySet().stream())
                .map(e -> e.getKey() + " = " + e.getValue().tensorName()).collect(Collectors.joining(", ")));
        List<Finding> findings = new ArrayList<>();
        if (signature.inputs().values().stream().anyMatch(t -> !t.dense())) {
            findings.add(Finding.warning("sparse-input", file + ": a sparse or composite input; ecdkit feeds dense tensors"));
        }
        String producer = metaGraph.tensorflowVersion().isEmpty() ? "TensorFlow" : "TensorFlow " + metaGraph.tensorflowVersion();
        ModelSignature modelSignature = new ModelSignature(ModelFormat.TENSORFLOW_SAVED_MODEL,
                "SavedModel, " + metaGraphs.size() + (metaGraphs.size() == 1 ? " meta graph" : " meta graphs"), producer,
                inputs, outputs, Map.of(SIGNATURE_PROPERTY, chosen), notes);
        return new Inspection(modelSignature, folder, folder, files(folder), findings);
    }

    private static List<MetaGraphDef> read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ProtoReader in = new ProtoReader(channel, file, 0, channel.size());
            List<MetaGraphDef> metaGraphs = new ArrayList<>();
            while (in.hasMore()) {
                int tag = in.readTag();
                if (ProtoReader.fieldNumber(tag) == 2) {
                    if (metaGraphs.size() >= 64) {
                        throw in.invalid(in.position(), "more than 64 meta graphs");
                    }
                    metaGraphs.add(in.readMessage(tag, "meta_graphs", MetaGraphDef::parse));
                } else {
                    in.skip(tag);
                }
            }
            return metaGraphs;
        } catch (IOException e) {
            throw StorageException.of("read", file, e);
        }
    }

    private static List<TensorSpec> tensors(Map<String, TensorInfo> infos, GraphDefProto.LayoutVotes votes) {
        List<TensorSpec> tensors = new ArrayList<>();
        for (Map.Entry<String, TensorInfo> entry : infos.entrySet()) {
            TensorInfo info = entry.getValue();
            TensorLayout layout = TensorFlowLayouts.of(info.shape(), votes);
            tensors.add(TensorSpec.read(entry.getKey(), TensorFlowTypes.toElementType(info.dtype()), info.shape(), layout));
        }
        return tensors;
    }

    /** Every file of the SavedModel folder, relative to it, saved_model.pb first. */
    static List<String> files(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            List<String> files = new ArrayList<>();
            files.add(FILE);
            walk.filter(Files::isRegularFile)
                    .map(p -> folder.relativize(p).toString().replace('\\', '/'))
                    .filter(name -> !name.equals(FILE))
                    .sorted()
                    .limit(MAX_FILES)
                    .forEach(files::add);
            return files;
        } catch (IOException e) {
            throw StorageException.of("read", folder, e);
        }
    }
}
