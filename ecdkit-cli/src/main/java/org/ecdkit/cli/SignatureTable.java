package org.ecdkit.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecdkit.core.model.DetectionOutputs;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.ModelSignature;
import org.ecdkit.core.model.OutputGrid;
import org.ecdkit.core.model.OutputKind;
import org.ecdkit.core.model.ShapeSource;
import org.ecdkit.core.model.TensorLayout;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.format.definition.ClassEntry;
import org.ecdkit.interop.ModelDescription;
import org.ecdkit.model.Inspection;

/** A model's signature as a table for people: one row per tensor, what each axis means and how sure that is. */
final class SignatureTable {

    private SignatureTable() {
    }

    static String render(String model, Inspection inspection, Optional<ModelDescription> description) {
        ModelSignature signature = inspection.signature();
        StringBuilder text = new StringBuilder();
        text.append(model).append('\n');
        row(text, "format", signature.format().description()
                + (signature.formatVersion().isEmpty() ? "" : " (" + signature.formatVersion() + ")"));
        row(text, "framework", signature.format().framework().canonicalName());
        if (!signature.producer().isEmpty()) {
            row(text, "producer", signature.producer());
        }
        row(text, "size", inspection.totalBytes() + " bytes in " + inspection.files().size()
                + (inspection.files().size() == 1 ? " file" : " files: " + String.join(", ", inspection.files())));
        Optional<TensorSpec> image = signature.soleImageInput();
        Optional<DetectionOutputs> detector = DetectionOutputs.find(signature);
        detector.ifPresent(d -> row(text, "detector", detectorSummary(d)));
        tensors(text, "inputs", signature.inputs(), Optional.empty(), true, Optional.empty());
        tensors(text, "outputs", signature.outputs(), image, false, detector);
        if (!signature.properties().isEmpty()) {
            text.append("\nmetadata\n");
            for (Map.Entry<String, String> property : signature.properties().entrySet()) {
                String value = property.getValue().replaceAll("\\s+", " ");
                text.append("  ").append(property.getKey()).append(" = ")
                        .append(value.length() > 100 ? value.substring(0, 97) + "..." : value).append('\n');
            }
        }
        description.ifPresent(d -> describedBy(text, d));
        if (!signature.notes().isEmpty()) {
            text.append("\nnotes\n");
            signature.notes().forEach(note -> text.append("  ").append(note).append('\n'));
        }
        return text.toString();
    }

    /** The description's side: what it is, and the classes it gives the model's outputs. */
    private static void describedBy(StringBuilder text, ModelDescription description) {
        text.append("\ndescribed by ").append(description.file()).append(" (").append(description.format().description())
                .append(")\n");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"VALUE", "NAME", "COLOUR"});
        for (ClassEntry entry : description.classInfo().classes()) {
            rows.add(new String[] {Long.toString(entry.value()), "\"" + entry.name() + "\"", entry.color().toString()});
        }
        columns(text, rows);
    }

    private static void row(StringBuilder text, String key, String value) {
        text.append(String.format("  %-10s %s%n", key, value));
    }

    private static void tensors(StringBuilder text, String title, List<TensorSpec> tensors, Optional<TensorSpec> image,
            boolean inputs, Optional<DetectionOutputs> detector) {
        text.append('\n').append(title).append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "TYPE", "SHAPE", "MEANING"});
        for (TensorSpec tensor : tensors) {
            String meaning = detector.flatMap(d -> detectorRole(d, tensor.name())).orElseGet(() -> meaning(tensor, image, inputs));
            rows.add(new String[] {tensor.name(), tensor.type().label(), tensor.shape().toString(), meaning});
        }
        columns(text, rows);
    }

    /** Rows in aligned columns, two spaces apart; the last column is not padded. */
    private static void columns(StringBuilder text, List<String[]> rows) {
        int count = rows.get(0).length;
        int[] widths = new int[count];
        for (String[] row : rows) {
            for (int i = 0; i < count - 1; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(" ");
            for (int i = 0; i < count; i++) {
                line.append(' ').append(i < count - 1 ? String.format("%-" + widths[i] + "s ", row[i]) : row[i]);
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
    }

    /** What convert will conclude about a detector, said before it is asked to. */
    private static String detectorSummary(DetectionOutputs detector) {
        String labels = detector.firstLabel() == 0 ? "labels count the classes from 0"
                : "label " + detector.firstLabel() + " is the first class (0 is the background)";
        String extra = detector.convention() == DetectionOutputs.Convention.TORCHVISION
                ? "; RetinaNet and FCOS count from 0: say \"FirstLabel\": 0 in the class info's DetectionOutputs" : "";
        return "an object detector, " + detector.convention().id() + " convention: " + labels + extra;
    }

    /** An output's part in a detector's convention. */
    private static Optional<String> detectorRole(DetectionOutputs detector, String name) {
        boolean fractions = detector.convention() == DetectionOutputs.Convention.TF_OBJECT_DETECTION;
        if (name.equals(detector.boxes())) {
            return Optional.of(switch (detector.convention()) {
                case YOLO_V8 -> "candidate boxes: centre x, centre y, width, height, then a score per class, per column";
                case YOLO_V5 -> "candidate boxes: centre x, centre y, width, height, objectness, then a score per class, per row";
                default -> fractions ? "boxes: ymin, xmin, ymax, xmax as fractions of the tile" : "boxes: x1, y1, x2, y2 in pixels";
            });
        }
        if (detector.scores().filter(name::equals).isPresent()) {
            return Optional.of("scores, one per box");
        }
        if (detector.classes().filter(name::equals).isPresent()) {
            return Optional.of("labels, one per box");
        }
        if (detector.count().filter(name::equals).isPresent()) {
            return Optional.of("how many boxes are valid");
        }
        if (detector.masks().filter(name::equals).isPresent()) {
            return Optional.of("masks, one per box: each pixel's probability of belonging to the object");
        }
        return Optional.empty();
    }

    private static String meaning(TensorSpec tensor, Optional<TensorSpec> image, boolean input) {
        Layout layout = tensor.layout().layout();
        if (layout == Layout.UNKNOWN) {
            // A model that records no shapes says why; any other unknown layout is simply not imagery.
            return tensor.shape().rankKnown() || tensor.layout() == TensorLayout.UNKNOWN ? "not an image tensor"
                    : "shape not recorded (" + tensor.layout().reason() + ")";
        }
        StringBuilder text = new StringBuilder(layout.name());
        long channels = tensor.channels();
        if (input) {
            text.append(", ").append(layout.channelAxis().isEmpty() ? "1 band"
                    : channels < 0 ? "any number of bands" : channels + (channels == 1 ? " band" : " bands"));
        } else {
            OutputKind kind = image.map(i -> OutputKind.of(tensor, i)).orElse(OutputKind.of(tensor));
            Optional<OutputGrid> grid = image.flatMap(i -> OutputGrid.of(i, tensor));
            if (kind == OutputKind.OTHER && OutputKind.of(tensor).isPixelwise() && grid.isPresent()) {
                text.append(", no map of the input's pixels: its ").append(grid.get().outputSize())
                        .append(" grid is larger than the input's ").append(grid.get().inputSize());
            } else {
                text.append(", ").append(kind.description());
                if (kind == OutputKind.CLASS_SCORES || kind == OutputKind.TILE_SCORES) {
                    text.append(channels < 0 ? " (classes not fixed)" : " (" + channels + " classes)");
                }
                if (kind.isPixelwise() && grid.isPresent() && !grid.get().placed()) {
                    text.append(" on a ").append(grid.get().outputSize()).append(" grid that classify cannot place on the input's ")
                            .append(grid.get().inputSize());
                }
            }
        }
        text.append(" [").append(tensor.layout().confidence().label()).append(": ").append(tensor.layout().reason()).append(']');
        if (tensor.source() == ShapeSource.DECLARED) {
            text.append(" (shape declared by the class info, not read from the model)");
        }
        return text.toString();
    }
}
