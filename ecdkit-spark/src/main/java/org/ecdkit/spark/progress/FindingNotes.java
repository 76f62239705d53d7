package org.ecdkit.spark.progress;

import org.ecdkit.classify.ClassifyListener;
import org.ecdkit.core.report.Finding;
import org.ecdkit.detect.DetectListener;

/** The driver's side of a classify or detect call: its warnings passed on as the job's notes, its tile counts dropped. */
public record FindingNotes(JobProgress progress) implements ClassifyListener, DetectListener {

    @Override
    public void tilesDone(int done, int total) {
    }

    @Override
    public void noted(Finding finding) {
        progress.noted(finding.message());
    }
}
