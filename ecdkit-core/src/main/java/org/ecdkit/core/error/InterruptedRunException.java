package org.ecdkit.core.error;

/**
 * A run stopped because the thread running it was interrupted (a cancelled task, a JVM shutting
 * down): nothing is wrong with the inputs or with ecdkit, and no output was committed.
 */
public class InterruptedRunException extends EcdkitException {
    private static final long serialVersionUID = 1L;

    public InterruptedRunException(String what, Throwable cause) {
        super(what + " was interrupted; no output was written", cause);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.INTERRUPTED;
    }
}
