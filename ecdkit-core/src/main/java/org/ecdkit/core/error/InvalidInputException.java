package org.ecdkit.core.error;

/** An input file is malformed, truncated, or holds a value outside its documented range. */
public class InvalidInputException extends EcdkitException {
    private static final long serialVersionUID = 1L;

    private final transient Place place;

    public InvalidInputException(Place place, String problem) {
        this(place, problem, null);
    }

    public InvalidInputException(Place place, String problem, Throwable cause) {
        super(place + ": " + problem, cause);
        this.place = place;
    }

    public Place place() {
        return place;
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.INVALID_INPUT;
    }
}
