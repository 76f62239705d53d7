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
     * Reading and translating start a tile's work only while the model is not running: they use the
     * gaps between its calls, and the cores are the model's while it runs.
     */
    MODEL_FIRST
}
