package org.ecdkit.convert;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.model.Confidence;
import org.ecdkit.core.model.DetectionOutputs;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.ModelSignature;
import org.ecdkit.core.model.OutputGrid;
import org.ecdkit.core.model.OutputKind;
import org.ecdkit.core.model.TensorLayout;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.core.report.Finding;

/**
 * Which of a model's inputs takes the imagery and which output gives the classes, with the layout
 * settled. Where the layout was only a guess and the class-info file's band count fits the other
 * channel order alone, that order is taken and the user is told.
 *
 * @param image    the input fed with imagery
 * @param classes  the output read as classes
 * @param kind     what that output means
 * @param findings what was decided on the user's behalf
 */
public record ModelRoles(TensorSpec image, TensorSpec classes, OutputKind kind, List<Finding> findings) {

    /** Chooses the roles in {@code signature} of the model at {@code model}. */
    public static ModelRoles choose(java.nio.file.Path model, ModelSignature signature, ConversionOptions options,
            int expectedBands) {
        List<Finding> findings = new ArrayList<>();
        TensorSpec declaredImage = pick(model, "input", signature.inputs(), options.input(), ModelRoles::imageLike);
        TensorSpec image = settleLayout(model, declaredImage, expectedBands, findings);
        boolean flipped = image.layout().layout() != declaredImage.layout().layout();
        for (TensorSpec other : signature.inputs()) {
            if (!other.name().equals(image.name())) {
                findings.add(Finding.warning("extra-input", model + ": input \"" + other.name() + "\" " + other.shape()
                        + " is not imagery; ecdkit cannot feed it, so the model will not run in ecdkit's classify"));
            }
        }
        TensorSpec classes = pick(model, "output", signature.outputs(), options.output(),
                t -> OutputKind.of(t).isPixelwise() && !OutputGrid.largerThanInput(image, t)
                        || OutputKind.of(t) == OutputKind.TILE_SCORES);
        if (flipped && classes.layout().confidence() != Confidence.DECLARED) {
            // An output whose layout the model does not state follows the input into the other order.
            classes = classes.withLayout(flip(classes.layout()));
        }
        if (signature.outputs().size() > 1 && options.output().isEmpty()) {
            findings.add(Finding.note("output-choice", model + ": classes are read from output \"" + classes.name()
                    + "\"; choose another with --output (outputs: " + names(signature.outputs()) + ")"));
        }
        return new ModelRoles(image, classes, OutputKind.of(classes), findings);
    }

    /**
     * The roles in an object detector: the image input as for a classifier, and the boxes output
     * standing for the outputs {@code detection} names (the definition reads them all back from
     * the signature it records).
     */
    public static ModelRoles forDetector(java.nio.file.Path model, ModelSignature signature, ConversionOptions options,
            int expectedBands, DetectionOutputs detection) {
        List<Finding> findings = new ArrayList<>();
        TensorSpec declaredImage = pick(model, "input", signature.inputs(), options.input(), ModelRoles::imageLike);
        TensorSpec image = declaredImage.layout().layout() == Layout.NHW
                && declaredImage.layout().confidence() != Confidence.DECLARED && expectedBands > 1
                ? unbatched(model, declaredImage, expectedBands, findings)
                : settleLayout(model, declaredImage, expectedBands, findings);
        TensorSpec boxes = signature.output(detection.boxes()).orElseThrow();
        findings.add(Finding.note("detector", model + ": an object detector following the "
                + detection.convention().id() + " convention (outputs " + String.join(", ", detection.names()) + ")"));
        return new ModelRoles(image, boxes, OutputKind.DETECTIONS, findings);
    }

    private static boolean imageLike(TensorSpec tensor) {
        Layout layout = tensor.layout().layout();
        return layout == Layout.NCHW || layout == Layout.NHWC || layout == Layout.CHW || layout == Layout.HWC
                || layout == Layout.NHW;
    }

    private static TensorSpec pick(java.nio.file.Path model, String role, List<TensorSpec> tensors, Optional<String> wanted,
            java.util.function.Predicate<TensorSpec> suitable) {
        if (tensors.isEmpty()) {
            throw new InvalidInputException(Place.of(model), "the model declares no " + role + "s");
        }
        if (wanted.isPresent()) {
            return tensors.stream().filter(t -> t.name().equals(wanted.get())).findFirst()
                    .orElseThrow(() -> new InvalidInputException(Place.of(model), "no " + role + " named \""
                            + wanted.get() + "\"; the " + role + "s are " + names(tensors)));
        }
        List<TensorSpec> candidates = tensors.stream().filter(suitable).toList();
        if (candidates.size() == 1 || !candidates.isEmpty() && role.equals("output")) {
            return candidates.get(0);
        }
        if (candidates.isEmpty()) {
            if (tensors.size() == 1) {
                return tensors.get(0);
            }
            throw new InvalidInputException(Place.of(model), "none of the " + role + "s " + names(tensors)
                    + " looks like " + (role.equals("input") ? "an image" : "a classification of the input's pixels")
                    + "; choose one with --" + role);
        }
        throw new InvalidInputException(Place.of(model), "several " + role + "s could take imagery (" + names(candidates)
                + "); choose one with --" + role);
    }

    /**
     * Keeps a declared or inferred layout; for a convention or a guess, takes the other channel order
     * when only that one has {@code bands} channels.
     */
    private static TensorSpec settleLayout(java.nio.file.Path model, TensorSpec image, int bands, List<Finding> findings) {
        TensorLayout layout = image.layout();
        if (layout.confidence() == Confidence.DECLARED || layout.confidence() == Confidence.INFERRED
                || image.channels() == bands) {
            return image;
        }
        TensorLayout flipped = flip(layout);
        TensorSpec alternative = image.withLayout(flipped);
        if (flipped.layout() != layout.layout() && alternative.channels() == bands) {
            findings.add(Finding.warning("layout-choice", model + ": the layout of input \"" + image.name() + "\" "
                    + image.shape() + " was a " + layout.confidence().label() + " (" + layout.layout() + "); "
                    + flipped.layout() + " is taken because it gives NumberRasterBands " + bands + " bands"));
            return alternative;
        }
        return image;
    }

    /**
     * A detector's 3-axis input read as a batch of one-band images, when the class info gives several
     * bands and one end axis has exactly that size: an image without a batch axis, [C, H, W] or
     * [H, W, C], as torchvision's detectors take it. (Classifiers are left alone: no segmenter
     * exported that way has been seen, and classify's decoding of such outputs is untested.)
     */
    private static TensorSpec unbatched(java.nio.file.Path model, TensorSpec image, int bands, List<Finding> findings) {
        long first = image.shape().dim(0).sizeOrMinusOne();
        long last = image.shape().dim(2).sizeOrMinusOne();
        Layout layout = first == bands && last != bands ? Layout.CHW : last == bands && first != bands ? Layout.HWC : null;
        if (layout == null) {
            return image;
        }
        TensorSpec alternative = image.withLayout(new TensorLayout(layout, Confidence.INFERRED, "an image without a batch "
                + "axis: its " + (layout == Layout.CHW ? "first" : "last") + " axis has NumberRasterBands' " + bands
                + " values"));
        findings.add(Finding.warning("layout-choice", model + ": input \"" + image.name() + "\" " + image.shape()
                + " is taken as " + layout + " (one image, " + bands + " bands) rather than a batch of one-band images, "
                + "because the class info gives " + bands + " bands"));
        return alternative;
    }

    private static TensorLayout flip(TensorLayout layout) {
        Layout other = switch (layout.layout()) {
            case NCHW -> Layout.NHWC;
            case NHWC -> Layout.NCHW;
            case CHW -> Layout.HWC;
            case HWC -> Layout.CHW;
            default -> layout.layout();
        };
        return new TensorLayout(other, Confidence.INFERRED, "the channel order that fits the class-info file");
    }

    static String names(List<TensorSpec> tensors) {
        return tensors.stream().map(t -> "\"" + t.name() + "\"").collect(Collectors.joining(", "));
    }
}
