package org.ecdkit.core.error;

/**
 * A run needs more than it may have: memory beyond the JVM's limit, more threads than make sense.
 * The message says how much is needed and what to change (a smaller batch or tile, a larger -Xmx).
 */
public class ResourceException extends EcdkitException {
    private static final long serialVersionUID = 1L;

    public ResourceException(String message) {
        super(message, null);
    }

    public ResourceException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.RESOURCES;
    }
}
