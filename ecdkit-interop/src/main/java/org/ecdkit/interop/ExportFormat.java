package org.ecdkit.interop;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What {@code ecdkit export --to} writes. */
public enum ExportFormat {
    EMD("emd", DescriptionFormat.EMD),
    DLPK("dlpk", DescriptionFormat.DLPK),
    MLM("mlm", DescriptionFormat.MLM),
    DEEPNESS("deepness", DescriptionFormat.DEEPNESS);

    private final String id;
    private final DescriptionFormat format;

    ExportFormat(String id, DescriptionFormat format) {
        this.id = id;
        this.format = format;
    }

    public String id() {
        return id;
    }

    public DescriptionFormat format() {
        return format;
    }

    public static Optional<ExportFormat> byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id.toLowerCase(Locale.ROOT))).findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
