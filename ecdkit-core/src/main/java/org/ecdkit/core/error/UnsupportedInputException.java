package org.ecdkit.core.error;

/** An input ecdkit recognises but does not handle, such as a CNTK v1 model. */
public class UnsupportedInputException extends EcdkitException {
    private static final long serialVersionUID = 1L;

    public UnsupportedInputException(Place place, String problem) {
        super(place + ": " + problem, null);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.UNSUPPORTED;
    }
}
