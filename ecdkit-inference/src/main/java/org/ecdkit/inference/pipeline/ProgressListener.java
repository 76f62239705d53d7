package org.ecdkit.inference.pipeline;

/** Told as tiles are finished; {@link ClassifyListener} adds the plan and the summary. */
@FunctionalInterface
public interface ProgressListener {
    void tilesDone(int done, int total);
}
