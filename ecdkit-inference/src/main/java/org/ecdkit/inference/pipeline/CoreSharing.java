package org.ecdkit.inference.pipeline;

/**
 * How a pipeline's reading and translating share the machine with the model.
 *
 * <p>A model run on the CPU with as many threads as cores splits each layer between them and waits
 * at the end of it for the slowest; a reading or translating thread that takes a core from one of
 * them holds all of them back. Measured on a 2-core machine (docs/performance.md), a model's calls
 * took 1.4 to 1.8 times longer inside the pipeline than alone when the stages overlapped freely.
 */
public enum CoreSharing {
    /** Reading and translating run whenever they have work: the model computes elsewhere (a GPU). */
    OVERLAP,
    /**
     * The cores are the model's while it runs; reading and translating use what it leaves. Their
     * threads run at the least CPU priority ({@link BackgroundPriority}), so the scheduler gives them
     * any core the model leaves idle, within its calls as between them; where the priority cannot be
     * lowered, a thread starts a tile's work only while the model is not running.
     */
    MODEL_FIRST
}
