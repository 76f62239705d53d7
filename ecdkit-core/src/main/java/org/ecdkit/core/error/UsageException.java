package org.ecdkit.core.error;

/** The command or API call itself is wrong, such as an output path that is also an input. */
public class UsageException extends EcdkitException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message, null);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.USAGE;
    }
}
