package org.ecdkit.detect;

import org.ecdkit.core.report.Finding;
import org.ecdkit.inference.pipeline.ProgressListener;

/** Hears what a detection decides and how it goes: its plan, its warnings, its progress. */
public interface DetectListener extends ProgressListener {

    DetectListener SILENT = (done, total) -> { };

    default void planned(DetectionPlan plan) {
    }

    default void noted(Finding finding) {
    }
}
