package org.ecdkit.core.error;

/**
 * Root of the failures ecdkit reports to a user. The message is one line that names the file, the
 * place in it and what was expected, so the command line can print it as is.
 */
public abstract class EcdkitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected EcdkitException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The exit code the command line ends with when this failure stops it. */
    public abstract ExitCode exitCode();
}
