package org.ecdkit.translate;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.ecdkit.core.error.EcdkitException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.io.AtomicOutput;
import org.ecdkit.core.io.ScratchFolder;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.core.report.Finding;
import org.ecdkit.model.keras.KerasModelFile;
import org.ecdkit.model.cntk.CntkModelFile;
import org.ecdkit.model.tflite.TfliteGraph;
import org.ecdkit.translate.cntk.CntkTranslator;
import org.ecdkit.translate.keras.KerasTranslator;
import org.ecdkit.translate.tflite.TfliteTranslator;

/**
 * Translation of a model file into ONNX: which formats translate, what blocks a given file, the
 * translation itself, and writing it. Pure Java: no framework and no runtime is loaded.
 */
public final class ModelTranslation {

    /** The formats ecdkit translates; others run on their own runtime or not at all. */
    public static final Set<ModelFormat> FORMATS = Set.of(ModelFormat.KERAS_HDF5, ModelFormat.KERAS_V3, ModelFormat.TFLITE,
            ModelFormat.CNTK_V2);

    private ModelTranslation() {
    }

    public static boolean translates(ModelFormat format) {
        return FORMATS.contains(format);
    }

    /**
     * What would stop {@code model} from translating, one line each, read from its architecture
     * alone: no weight is read (a TFLite file's are memory-mapped and stay on disk).
     */
    public static List<String> blockers(Path model, ModelFormat format) {
        requireTranslatable(model, format);
        if (format == ModelFormat.TFLITE) {
            return TfliteTranslator.blockers(TfliteGraph.read(model));
        }
        if (format == ModelFormat.CNTK_V2) {
            return CntkTranslator.blockers(CntkModelFile.readStructure(model));
        }
        return KerasTranslator.blockers(KerasModelFile.architecture(model));
    }

    /**
     * What {@code inspect} says about running {@code model}: that it runs translated to ONNX, or
     * each thing that would stop its translation, as warnings.
     */
    public static List<Finding> findings(Path model, ModelFormat format) {
        if (!translates(format)) {
            return List.of();
        }
        List<String> blockers;
        try {
            blockers = blockers(model, format);
        } catch (EcdkitException e) {
            // What inspect reads is fine; what a translation reads beyond it (the weights) is not.
            return List.of(Finding.warning("translation", "does not translate to ONNX: " + e.getMessage()));
        }
        if (blockers.isEmpty()) {
            return List.of(Finding.note("translation", "runs translated to ONNX (on the fly for classify and detect; "
                    + "ecdkit export --to onnx writes the translation)"));
        }
        return blockers.stream().map(b -> Finding.warning("translation", model + ": " + b)).toList();
    }

    public static TranslatedModel translate(Path model, ModelFormat format) {
        requireTranslatable(model, format);
        long start = System.nanoTime();
        if (format == ModelFormat.TFLITE) {
            TfliteGraph graph = TfliteGraph.read(model);
            var onnx = TfliteTranslator.translate(graph, version());
            return new TranslatedModel(model, format, onnx, graph.operators().size(), System.nanoTime() - start);
        }
        if (format == ModelFormat.CNTK_V2) {
            CntkModelFile cntk = CntkModelFile.read(model);
            var onnx = CntkTranslator.translate(cntk, version());
            return new TranslatedModel(model, format, onnx, cntk.functions().size(), System.nanoTime() - start);
        }
        try (ScratchFolder scratch = ScratchFolder.create("ecdkit-translate-");
                KerasModelFile keras = KerasModelFile.open(model, scratch.path())) {
            var onnx = KerasTranslator.translate(keras, version());
            return new TranslatedModel(model, format, onnx, keras.architecture().layers().size(), System.nanoTime() - start);
        }
    }

    /** Writes the translation to {@code target} atomically; the model itself is never the target. */
    public static void write(TranslatedModel translated, Path target) {
        AtomicOutput.write(target, List.of(translated.source()), out -> translated.onnx().writeTo(out));
    }

    private static void requireTranslatable(Path model, ModelFormat format) {
        if (!translates(format)) {
            throw new UnsupportedInputException(Place.of(model), "ecdkit does not translate " + format.withArticle()
                    + " to ONNX; it translates Keras HDF5, Keras 3 (.keras), TFLite and CNTK v2 models");
        }
    }

    private static String version() {
        String version = ModelTranslation.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
