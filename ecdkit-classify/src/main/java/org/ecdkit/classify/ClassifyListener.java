package org.ecdkit.classify;

import org.ecdkit.core.report.Finding;
import org.ecdkit.inference.pipeline.ProgressListener;

/** Hears what a classification decides and how it goes: its plan, its warnings, its progress. */
public interface ClassifyListener extends ProgressListener {

    ClassifyListener SILENT = (done, total) -> { };

    /** The plan, before any tile is read. */
    default void planned(ClassificationPlan plan) {
    }

    /** A warning or note, as soon as it is known. */
    default void noted(Finding finding) {
    }
}
