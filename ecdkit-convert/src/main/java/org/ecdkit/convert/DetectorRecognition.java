package org.ecdkit.convert;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.model.DetectionOutputs;
import org.ecdkit.core.model.DetectionOutputs.Convention;
import org.ecdkit.core.model.ModelSignature;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.core.report.Finding;
import org.ecdkit.format.classinfo.ClassInfo;
import org.ecdkit.format.definition.DetectionOutputsJson;

/**
 * Which detection convention a model's outputs follow: the class info's {@code DetectionOutputs}
 * when it names them, else the outputs' conventional names or Ultralytics' metadata, else, for a
 * class info that says ModelType ObjectDetection, a single YOLO-shaped output whose candidate
 * vectors hold exactly 4 or 5 values plus one per class. Then whether the outputs agree with the
 * class info: a YOLO output's class scores are counted against the classes.
 */
final class DetectorRecognition {

    private DetectorRecognition() {
    }

    static Optional<DetectionOutputs> recognise(ClassInfo info, ModelSignature signature, boolean declaredDetector) {
        Optional<DetectionOutputs> named = DetectionOutputsJson.read(info.extras(), info.placeOf(DetectionOutputsJson.KEY));
        for (String name : named.map(DetectionOutputs::names).orElse(List.of())) {
            if (signature.output(name).isEmpty()) {
                throw new InvalidInputException(info.placeOf(DetectionOutputsJson.KEY), "names output \"" + name
                        + "\", which the model lacks (its outputs: " + ModelRoles.names(signature.outputs()) + ")");
            }
        }
        if (named.isPresent()) {
            return named;
        }
        Optional<DetectionOutputs> found = DetectionOutputs.find(signature);
        if (found.isPresent() || !declaredDetector) {
            return found;
        }
        return yoloByClassCount(signature, info.classes().size());
    }

    /**
     * The outputs as they will run, now that the image input's layout is settled: an input found to
     * be one unbatched image (with the class info's band count) makes plain boxes, scores and
     * labels torchvision's, whose label 0 is the background.
     */
    static DetectionOutputs settle(ClassInfo info, ModelSignature settled, TensorSpec image, DetectionOutputs found) {
        if (info.extras().containsKey(DetectionOutputsJson.KEY) || found.convention() != Convention.BOXES_SCORES_LABELS) {
            return found;
        }
        return DetectionOutputs.find(settled, List.of(image)).orElse(found);
    }

    /**
     * Contradictions between the outputs and the class info, as errors; notes on what is checked later.
     *
     * @param scoredClasses how many classes the model scores per box, background included, where its
     *                      graph says (a torchvision R-CNN's box predictor)
     */
    static List<Finding> check(DetectionOutputs outputs, ClassInfo info, Path model, ModelSignature signature,
            java.util.OptionalInt scoredClasses) {
        List<Finding> findings = new ArrayList<>();
        int classes = info.classes().size();
        if (outputs.convention().yolo()) {
            TensorSpec predictions = signature.output(outputs.boxes()).orElseThrow();
            outputs.yoloMismatch(predictions, classes).ifPresent(problem -> findings.add(Finding.error("class-count",
                    "the class info lists " + classes + " classes (" + info.placeOf("Classes") + ") but " + problem)));
        } else if (scoredClasses.isPresent()) {
            // Labels run from 0 to scored - 1; those below FirstLabel are the background.
            int known = scoredClasses.getAsInt() - outputs.firstLabel();
            if (known != classes) {
                String background = outputs.firstLabel() == 0 ? "" : outputs.firstLabel() == 1
                        ? " less the background, label 0," : " less the background, labels 0 to " + (outputs.firstLabel() - 1) + ",";
                findings.add(Finding.error("class-count", "the class info lists " + classes + " classes ("
                        + info.placeOf("Classes") + ") but " + model + " scores " + scoredClasses.getAsInt()
                        + " labels per box (its box predictor's Gemm before the Softmax):" + background + " " + known
                        + " classes"));
            } else {
                findings.add(Finding.note("labels", model + ": the detector scores " + scoredClasses.getAsInt()
                        + " labels per box; its " + outputs.describeLabels(classes) + " are the class info's " + classes
                        + " classes"));
            }
        } else {
            findings.add(Finding.note("labels", model + ": the detector's " + outputs.describeLabels(classes)
                    + " are the class info's " + classes + " classes; a label beyond them stops detect"));
        }
        outputs.masks().flatMap(signature::output).ifPresent(masks -> {
            if (masks.shape().rankKnown() && masks.shape().rank() != 4) {
                findings.add(Finding.error("masks-shape", model + ": masks output \"" + masks.name() + "\" " + masks.shape()
                        + " is not torchvision's [K, 1, height, width]"));
            }
        });
        return findings;
    }

    /** The single rank-3 output whose candidate vectors fit {@code classes}, as YOLO v8's or v5's. */
    private static Optional<DetectionOutputs> yoloByClassCount(ModelSignature signature, int classes) {
        if (signature.outputs().size() != 1) {
            return Optional.empty();
        }
        TensorSpec only = signature.outputs().get(0);
        Optional<Convention> layout = DetectionOutputs.yoloLayout(only.shape());
        if (layout.isEmpty()) {
            return Optional.empty();
        }
        int axis = layout.get() == Convention.YOLO_V8 ? 1 : 2;
        long values = only.shape().dim(axis).sizeOrMinusOne();
        return values == layout.get().yoloLeadingValues() + classes
                ? Optional.of(DetectionOutputs.yolo(layout.get(), only.name()))
                : Optional.empty();
    }
}
