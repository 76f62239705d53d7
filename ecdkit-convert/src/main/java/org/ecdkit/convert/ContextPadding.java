package org.ecdkit.convert;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.ecdkit.core.model.ReceptiveField;
import org.ecdkit.core.report.Finding;
import org.ecdkit.format.definition.InferenceSettings;
import org.ecdkit.model.Inspection;

/**
 * The padding a definition records for its model (ModelPadding), from how far the model's class
 * output sees: half its receptive field makes every core pixel see all the context it would see in
 * the whole image, so tiles agree with whole-image inference, and no pixel more is computed. Without
 * it, classify pads with a sixteenth of the tile: 32 pixels of 512 where a three-layer net needs 3.
 * The class info's own ModelPadding always wins.
 */
final class ContextPadding {

    /** A field wider than this is left to the tile's default padding: it would leave cores too small. */
    static final int MAX_PADDING = 256;

    private ContextPadding() {
    }

    static InferenceSettings settings(InferenceSettings settings, Inspection inspection, ModelRoles roles, Path model,
            List<Finding> findings) {
        if (settings.modelPadding().isPresent() || !roles.kind().isPixelwise()) {
            return settings;
        }
        ReceptiveField field = inspection.receptiveFields().get(roles.classes().name());
        if (field == null) {
            return settings;
        }
        if (field.pixels().isEmpty()) {
            findings.add(Finding.note("receptive-field", model + ": output \"" + roles.classes().name() + "\" sees the "
                    + "whole tile (" + field.reason() + "): no padding makes tiles agree with the whole image exactly; "
                    + "classify pads tiles with a sixteenth of their side unless told (ModelPadding, --padding)"));
            return settings;
        }
        long padding = field.padding().getAsLong();
        OptionalInt tile = settings.imageHeight().isPresent() && settings.imageWidth().isPresent()
                ? OptionalInt.of(Math.min(settings.imageHeight().getAsInt(), settings.imageWidth().getAsInt()))
                : OptionalInt.empty();
        if (padding > MAX_PADDING || tile.isPresent() && 2 * padding >= tile.getAsInt()) {
            findings.add(Finding.note("receptive-field", model + ": output \"" + roles.classes().name() + "\" sees "
                    + field + "; " + padding + " pixels of padding would leave tiles little core, so none is recorded"));
            return settings;
        }
        findings.add(Finding.note("receptive-field", model + ": output \"" + roles.classes().name() + "\" sees " + field
                + "; ModelPadding " + padding + " is recorded, so classify pads tiles just enough"));
        return settings.withModelPadding((int) padding);
    }
}
