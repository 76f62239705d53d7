package org.ecdkit.convert;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.ecdkit.core.model.Dim;
import org.ecdkit.core.model.Framework;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.core.model.OutputGrid;
import org.ecdkit.core.model.OutputKind;
import org.ecdkit.core.model.ShapeSource;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.core.report.Finding;
import org.ecdkit.format.classinfo.ClassInfo;

/**
 * Checks a class-info file against what the model really is: its band count against the image
 * input, its class count against the output, its tile size against fixed spatial sizes, and its
 * {@code Classifier} against the detected format. The legacy tool checked none of these. Each
 * finding shows both numbers and where each came from.
 */
public final class ClassInfoCheck {

    private ClassInfoCheck() {
    }

    public static List<Finding> check(ClassInfo info, Path model, ModelFormat format, ModelRoles roles) {
        List<Finding> findings = new ArrayList<>();
        checkClassifier(info, model, format, findings);
        if (roles.image().source() == ShapeSource.DECLARED) {
            // The shapes came from this very file (DeclaredShapes): comparing them would prove nothing.
            return findings;
        }
        checkBands(info, model, roles.image(), findings);
        checkTileSize(info, model, roles.image(), findings);
        checkBatch(info, model, roles.image(), findings);
        if (info.settings().modelType().filter(t -> t.equals("ObjectDetection")).isPresent()) {
            findings.add(Finding.note("classes-not-checked", info.placeOf("ModelType")
                    + ": an object-detection model; its class count is not checked against a pixel output"));
        } else {
            checkClasses(info, model, roles, findings);
        }
        return findings;
    }

    private static void checkClassifier(ClassInfo info, Path model, ModelFormat format, List<Finding> findings) {
        Framework detected = format.framework();
        info.classifier().filter(c -> c != detected).ifPresent(c -> findings.add(Finding.warning("classifier",
                info.placeOf("Classifier") + ": Classifier is " + c + " but " + model + " is " + format.withArticle()
                        + "; the definition names " + detected + " (the file's content wins)")));
    }

    private static void checkBands(ClassInfo info, Path model, TensorSpec image, List<Finding> findings) {
        int declared = info.numberRasterBands();
        String declaredAt = "NumberRasterBands is " + declared + " (" + info.placeOf("NumberRasterBands") + ")";
        OptionalInt axis = image.layout().layout().channelAxis();
        if (axis.isEmpty()) {
            if (declared != 1) {
                findings.add(Finding.error("band-count", declaredAt + " but the model's input " + describe(model, image)
                        + " has no band axis: it takes 1 band"));
            }
            return;
        }
        Dim bands = image.shape().dim(axis.getAsInt());
        if (bands instanceof Dim.Fixed fixed) {
            if (fixed.size() != declared) {
                findings.add(Finding.error("band-count", declaredAt + " but the model's input " + describe(model, image)
                        + " takes " + fixed.size() + " bands"));
            }
        } else {
            findings.add(Finding.note("band-count", model + ": input \"" + image.name() + "\" takes any number of bands ("
                    + bands + "); " + declaredAt + " cannot be checked"));
        }
    }

    private static void checkTileSize(ClassInfo info, Path model, TensorSpec image, List<Finding> findings) {
        checkSide(info, model, image, "ImageHeight", image.layout().layout().heightAxis(), info.settings().imageHeight(), findings);
        checkSide(info, model, image, "ImageWidth", image.layout().layout().widthAxis(), info.settings().imageWidth(), findings);
    }

    private static void checkSide(ClassInfo info, Path model, TensorSpec image, String key, OptionalInt axis,
            OptionalInt declared, List<Finding> findings) {
        if (declared.isEmpty() || axis.isEmpty()) {
            return;
        }
        long size = image.shape().dim(axis.getAsInt()).sizeOrMinusOne();
        if (size >= 0 && size != declared.getAsInt()) {
            findings.add(Finding.error("tile-size", key + " is " + declared.getAsInt() + " (" + info.placeOf(key)
                    + ") but the model's input " + describe(model, image) + " takes tiles of " + size));
        }
    }

    private static void checkBatch(ClassInfo info, Path model, TensorSpec image, List<Finding> findings) {
        if (!image.layout().layout().hasBatchAxis()) {
            return;
        }
        long batch = image.shape().dim(0).sizeOrMinusOne();
        if (batch > 0 && batch != info.miniBatchSize()) {
            findings.add(Finding.warning("batch-size", "MiniBatchSize is " + info.miniBatchSize() + " ("
                    + info.placeOf("MiniBatchSize") + ") but the model's input " + describe(model, image)
                    + " takes batches of exactly " + batch + "; tiles will be sent " + batch + " at a time"));
        }
    }

    private static void checkClasses(ClassInfo info, Path model, ModelRoles roles, List<Finding> findings) {
        int declared = info.classes().size();
        String declaredAt = "the class-info file lists " + declared + " classes (" + info.placeOf("Classes") + ")";
        TensorSpec output = roles.classes();
        if (roles.kind().isPixelwise()) {
            checkGrid(model, roles.image(), output, findings);
        }
        switch (roles.kind()) {
            case CLASS_SCORES, TILE_SCORES -> {
                long classes = output.channels();
                if (classes < 0) {
                    findings.add(Finding.warning("class-count", model + ": output \"" + output.name() + "\" "
                            + output.shape() + " does not fix its number of classes; " + declaredAt + " cannot be checked"));
                } else if (classes != declared) {
                    findings.add(Finding.error("class-count", declaredAt + " but the model's output "
                            + describe(model, output) + " gives " + classes + " class scores"));
                }
                if (roles.kind() == OutputKind.TILE_SCORES) {
                    findings.add(Finding.note("tile-classifier", model + ": output \"" + output.name()
                            + "\" gives one score vector per tile, not per pixel: a whole-tile classifier"));
                }
            }
            case SINGLE_SCORE -> {
                if (declared != 2) {
                    findings.add(Finding.error("class-count", declaredAt + " but the model's output "
                            + describe(model, output) + " gives one score per pixel, which separates exactly 2 classes"));
                }
            }
            case CLASS_INDEX -> findings.add(Finding.note("class-count", model + ": output \"" + output.name()
                    + "\" " + output.shape() + " gives class indexes, not scores; the number of classes cannot be checked"
                    + " against it (indexes 0.." + (declared - 1) + " are expected)"));
            case OTHER -> findings.add(Finding.error("output-kind", model + ": output \"" + output.name() + "\" "
                    + output.shape() + " is not a classification output (expected class scores or indexes per pixel)"));
        }
    }

    /** An error for an output larger than its input, a warning for one classify cannot place. */
    private static void checkGrid(Path model, TensorSpec image, TensorSpec output, List<Finding> findings) {
        OutputGrid grid = OutputGrid.of(image, output).orElse(null);
        if (grid == null || grid.placed()) {
            return;
        }
        String grids = "output \"" + output.name() + "\" " + output.shape() + " of " + model + ": its " + grid.outputSize()
                + " grid is no map of input \"" + image.name() + "\"'s " + grid.inputSize() + " pixels";
        if (grid.largerThanInput()) {
            findings.add(Finding.error("output-grid", grids + " (it is larger): not a per-pixel classification"));
        } else {
            findings.add(Finding.warning("output-grid", grids + " (neither the same grid, a centred crop of it, nor a "
                    + "whole factor coarser): ecdkit's classify will refuse to run it"));
        }
    }

    /** {@code model.onnx: "image" [N, 3, H, W], NCHW (declared: fed to a Conv node...)}. */
    private static String describe(Path model, TensorSpec tensor) {
        return "(" + model + ": \"" + tensor.name() + "\" " + tensor.shape() + ", " + tensor.layout() + ")";
    }
}
