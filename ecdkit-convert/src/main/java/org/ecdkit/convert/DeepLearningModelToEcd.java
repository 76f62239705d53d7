package org.ecdkit.convert;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.MismatchException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.UsageException;
import org.ecdkit.core.io.AtomicOutput;
import org.ecdkit.core.io.FolderTree;
import org.ecdkit.core.io.Sha256;
import org.ecdkit.core.model.DetectionOutputs;
import org.ecdkit.core.model.ModelSignature;
import org.ecdkit.core.model.TensorLimits;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.core.report.Finding;
import org.ecdkit.core.report.Severity;
import org.ecdkit.format.classinfo.ClassInfo;
import org.ecdkit.format.definition.ClassifierDefinition;
import org.ecdkit.format.definition.ClassifierDefinitionFile;
import org.ecdkit.format.definition.DetectionOutputsJson;
import org.ecdkit.format.definition.InferenceSettings;
import org.ecdkit.format.definition.ModelReference;
import org.ecdkit.format.ecd.EcdWriter;
import org.ecdkit.interop.ModelDescription;
import org.ecdkit.interop.ModelDescriptions;
import org.ecdkit.interop.ModelDescriptions.ModelChoice;
import org.ecdkit.model.Inspection;
import org.ecdkit.model.ModelInspector;
import org.ecdkit.model.ModelInspectors;
import org.ecdkit.model.ModelSource;

/**
 * ArcGIS's <i>Deep Learning Model To Ecd</i>, without ArcGIS, and checked: a trained model file and a
 * class-info JSON become an Esri classifier definition (.ecd). Unlike the legacy tool, the class
 * info is checked against what the model really is, and a contradiction is refused.
 *
 * <pre>{@code
 * // The arcpy call, DeepLearningModelToEcd(in_deep_learning_model, in_classification_info_json, out_classifier_definition):
 * Conversion done = DeepLearningModelToEcd.run(Path.of("model.onnx"), Path.of("classes.json"), Path.of("model.ecd"));
 * done.findings().forEach(System.err::println);
 * }</pre>
 */
public final class DeepLearningModelToEcd {

    private static final String OBJECT_DETECTION = "ObjectDetection";

    private final ModelInspectors inspectors;
    private final ConversionOptions options;

    public DeepLearningModelToEcd(ModelInspectors inspectors, ConversionOptions options) {
        this.inspectors = inspectors;
        this.options = options;
    }

    /** The arcpy-shaped call, with the default checks. */
    public static Conversion run(Path inDeepLearningModel, Path inClassificationInfoJson, Path outClassifierDefinition) {
        return run(inDeepLearningModel, inClassificationInfoJson, outClassifierDefinition, ConversionOptions.DEFAULT);
    }

    public static Conversion run(Path inDeepLearningModel, Path inClassificationInfoJson, Path outClassifierDefinition,
            ConversionOptions options) {
        return new DeepLearningModelToEcd(ModelInspectors.standard(), options)
                .convert(inDeepLearningModel, inClassificationInfoJson, outClassifierDefinition);
    }

    /**
     * @param modelArgument the model, or a .dlpk or STAC MLM item naming it (a package's model is
     *                      extracted beside {@code out}, into a folder named after the package)
     * @param classInfoFile a class-info JSON, or any description {@link ModelDescriptions} reads
     */
    public Conversion convert(Path modelArgument, Path classInfoFile, Path out) {
        // Cheap checks first, so a wrong output path costs no model reading.
        refuseOutputInsideModelFolder(modelArgument, out);
        AtomicOutput.checkTarget(out, List.of(modelArgument, classInfoFile));

        ModelDescription description = readDescription(modelArgument, classInfoFile);
        List<Finding> findings = new ArrayList<>(description.findings());
        Path folder = out.toAbsolutePath().normalize().getParent();
        ModelChoice choice = ModelDescriptions.model(modelArgument, folder);
        try {
            return convert(choice.model(), description, classInfoFile, out, findings);
        } catch (RuntimeException e) {
            choice.extracted().ifPresent(DeepLearningModelToEcd::removeQuietly);
            throw e;
        }
    }

    /**
     * The class info, or an error that says the arguments look swapped where they do: the class
     * info is no description but the model argument is JSON text.
     */
    private static ModelDescription readDescription(Path modelArgument, Path classInfoFile) {
        try {
            return ModelDescriptions.read(classInfoFile);
        } catch (InvalidInputException e) {
            if (Files.isRegularFile(modelArgument) && Files.isRegularFile(classInfoFile)
                    && !ModelDescriptions.looksLikeJson(classInfoFile)
                    && ModelDescriptions.looksLikeJson(modelArgument)) {
                throw new InvalidInputException(e.place(), e.problem() + "; the arguments look swapped: the model comes "
                        + "first, then the class-info JSON (" + modelArgument.getFileName() + ")", e);
            }
            throw e;
        }
    }

    private Conversion convert(Path model, ModelDescription description, Path classInfoFile, Path out, List<Finding> findings) {
        refuseOutputInsideModelFolder(model, out);
        ClassInfo info = description.classInfo();
        ModelSource source = ModelSource.open(model);
        ModelInspector inspector = inspectors.detect(source);
        Inspection inspection = inspector.inspect(source, options.inspect());
        for (Finding finding : inspection.findings()) {
            if (finding.isError()) {
                throw new InvalidInputException(Place.of(model), "cannot be converted: " + finding.message());
            }
            findings.add(finding);
        }
        DeclaredShapes declared = DeclaredShapes.apply(model, inspection.signature(), info);
        findings.addAll(declared.findings());
        ModelSignature signature = declared.signature();
        boolean declaredDetector = info.settings().modelType().filter(OBJECT_DETECTION::equals).isPresent();
        Optional<DetectionOutputs> detection = DetectorRecognition.recognise(info, signature, declaredDetector);
        boolean detector = declaredDetector || info.settings().modelType().isEmpty() && detection.isPresent();
        if (detector && !declaredDetector) {
            info = info.withSettings(info.settings().withModelType(OBJECT_DETECTION));
            findings.add(Finding.note("model-type", model + ": its outputs are an object detector's; ModelType "
                    + OBJECT_DETECTION + " is written"));
        }
        if (declaredDetector && detection.isEmpty()) {
            throw new InvalidInputException(info.placeOf("ModelType"), "ModelType is " + OBJECT_DETECTION + " but the "
                    + "model's outputs (" + ModelRoles.names(signature.outputs()) + ") follow no detection convention "
                    + "ecdkit reads: detection_boxes, detection_scores, detection_classes (TensorFlow); boxes, scores, "
                    + "labels (ONNX, torchvision); or one YOLO output [1, 4 + classes, N] or [1, N, 5 + classes]; name "
                    + "them in the class info's " + DetectionOutputsJson.KEY);
        }
        ModelRoles roles = detector
                ? ModelRoles.forDetector(model, signature, options, info.numberRasterBands(), detection.orElseThrow())
                : ModelRoles.choose(model, signature, options, info.numberRasterBands());
        findings.addAll(roles.findings());
        // What the checks settled is what runs: the image input's layout, the classes output's.
        signature = signature.with(roles.image());
        if (detector) {
            detection = Optional.of(DetectorRecognition.settle(info, signature, roles.image(), detection.orElseThrow()));
            info = info.withExtra(DetectionOutputsJson.KEY, DetectionOutputsJson.write(detection.get()));
        } else {
            signature = signature.with(roles.classes());
        }
        // Sizes are 64-bit until here: one beyond what ecdkit tiles must not be narrowed into a small int.
        TensorLimits.check(Place.of(model), roles.image());
        if (info.numberRasterBands() == 0) {
            info = info.withBands(bandsFromModel(model, roles, description));
            findings.add(Finding.note("bands-from-model", classInfoFile + ": no band count; the model's input \""
                    + roles.image().name() + "\" takes " + info.numberRasterBands()));
        }

        List<Finding> checks = new ArrayList<>(ClassInfoCheck.check(info, model, signature.format(), roles));
        if (detector) {
            checks.addAll(DetectorRecognition.check(detection.orElseThrow(), info, model, signature, inspection.scoredClasses()));
        }
        List<String> problems = checks.stream().filter(Finding::isError).map(Finding::message).toList();
        if (!problems.isEmpty() && !options.allowMismatch()) {
            throw new MismatchException(problems);
        }
        for (Finding check : checks) {
            findings.add(check.isError() ? check.withSeverity(Severity.WARNING) : check);
        }

        InferenceSettings settings = ContextPadding.settings(withModelTileSize(info.settings(), roles.image()), inspection,
                roles, model, findings);
        ClassifierDefinitionFile file = ClassifierDefinitionFile.of(definition(info, settings, model, out, inspection,
                signature, roles));
        Set<Path> inputs = new LinkedHashSet<>(List.of(model, classInfoFile, description.file()));
        inspection.files().forEach(f -> inputs.add(inspection.base().resolve(f)));
        EcdWriter.write(file, out, inputs);
        return new Conversion(file, out, findings);
    }

    private static ClassifierDefinition definition(ClassInfo info, InferenceSettings settings, Path model, Path out,
            Inspection inspection, ModelSignature signature, ModelRoles roles) {
        ModelReference reference = new ModelReference(modelFile(inspection.model(), out), signature.format(),
                Sha256.ofFiles(inspection.base(), inspection.files().stream().map(Path::of).toList()),
                inspection.totalBytes(), inspection.files(), roles.image().name(), roles.classes().name(), roles.kind(),
                signature);
        return new ClassifierDefinition(signature.format().framework().canonicalName(), info.numberRasterBands(),
                OptionalInt.of(info.miniBatchSize()), info.classes(), java.util.Optional.of(reference),
                settings, info.extras());
    }

    /** The tile size the model fixes, when the class-info file did not give one. */
    private static InferenceSettings withModelTileSize(InferenceSettings settings, TensorSpec image) {
        if (settings.imageHeight().isPresent() || settings.imageWidth().isPresent()) {
            return settings;
        }
        OptionalInt h = image.layout().layout().heightAxis();
        OptionalInt w = image.layout().layout().widthAxis();
        if (h.isEmpty() || w.isEmpty()) {
            return settings;
        }
        long height = image.shape().dim(h.getAsInt()).sizeOrMinusOne();
        long width = image.shape().dim(w.getAsInt()).sizeOrMinusOne();
        return height > 0 && width > 0 ? settings.withTileSize((int) height, (int) width) : settings;
    }

    /**
     * The model's path as the definition records it: relative to the definition's folder when the
     * model lies beside or below it (so the pair can be moved together), absolute otherwise.
     */
    static String modelFile(Path model, Path out) {
        Path modelPath = model.toAbsolutePath().normalize();
        Path folder = out.toAbsolutePath().normalize().getParent();
        if (modelPath.startsWith(folder)) {
            return folder.relativize(modelPath).toString().replace('\\', '/');
        }
        return modelPath.toString();
    }

    /** The band count of the model's image input, for a description that does not give one. */
    private static int bandsFromModel(Path model, ModelRoles roles, ModelDescription description) {
        TensorSpec image = roles.image();
        if (image.layout().layout().channelAxis().isEmpty() && image.layout().layout() != org.ecdkit.core.model.Layout.UNKNOWN) {
            return 1;
        }
        long channels = image.channels();
        if (channels < 1) {
            throw new InvalidInputException(Place.of(description.file()), "gives no band count (as "
                    + description.format().description() + ", it would come from ExtractBands or the input's shape), "
                    + "and the model's input \"" + image.name() + "\" " + image.shape() + " does not fix one ("
                    + model + "); add ExtractBands or use a class-info file with NumberRasterBands");
        }
        return (int) channels;
    }

    private static void removeQuietly(Path folder) {
        try {
            FolderTree.remove(folder);
        } catch (java.io.IOException ignored) {
            // The conversion failed already; that error is the one to report.
        }
    }

    private static void refuseOutputInsideModelFolder(Path model, Path out) {
        if (Files.isDirectory(model) && out.toAbsolutePath().normalize().startsWith(model.toAbsolutePath().normalize())) {
            throw new UsageException("refusing to write " + out + " inside the model folder " + model
                    + ": it would change the model's digest; write it beside the folder");
        }
    }
}
