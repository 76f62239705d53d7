package org.ecdkit.core.error;

/**
 * The documented exit codes of the {@code ecdkit} command line, one per kind of failure a user can
 * act on. Scripts may rely on these numbers; they are listed in the README.
 */
public enum ExitCode {
    /** The command did what it was asked. */
    OK(0),
    /** A defect in ecdkit itself; the message asks for a report. */
    INTERNAL(1),
    /** The command line itself is wrong: unknown option, missing argument. */
    USAGE(2),
    /** An input file is malformed or holds a value outside its documented range. */
    INVALID_INPUT(3),
    /** A file could not be read or written: missing, no permission, disk full. */
    IO(4),
    /** The inputs are each valid but contradict each other (class info against model). */
    MISMATCH(5),
    /** The input is recognised but ecdkit does not handle it (a CNTK v1 model, a statistical classifier). */
    UNSUPPORTED(6),
    /** The deep-learning runtime failed while running the model: an operator error, a device failure. */
    RUNTIME_FAILURE(7),
    /** The run, as set up, needs more memory (or another resource) than the machine or the JVM allows. */
    RESOURCES(8),
    /** A job over many inputs finished some and failed others (each failure is reported); re-run to redo those. */
    PARTIAL(9),
    /** The run was stopped: Ctrl-C, or the thread running it was interrupted (128 + SIGINT, as shells count). */
    INTERRUPTED(130);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
