package org.ecdkit.core.error;

/**
 * The deep-learning runtime failed while running a model that it had loaded: an operator that
 * cannot handle the tensor it was given, a device that failed. Not the imagery's fault as far as
 * ecdkit can tell, so not "invalid input"; the message carries the runtime's own words on one line.
 */
public class RuntimeFailureException extends EcdkitException {
    private static final long serialVersionUID = 1L;

    public RuntimeFailureException(Place place, String problem, Throwable cause) {
        super(place + ": " + problem, cause);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.RUNTIME_FAILURE;
    }
}
