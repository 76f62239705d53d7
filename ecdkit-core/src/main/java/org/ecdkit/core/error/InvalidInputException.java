package org.ecdkit.core.error;

/** An input file is malformed, truncated, or holds a value outside its documented range. */
public class InvalidInputException extends EcdkitException {
    private static final long serialVersionUID = 1L;

    private final transient Place place;
    private final String problem;

    public InvalidInputException(Place place, String problem) {
        this(place, problem, null);
    }

    public InvalidInputException(Place place, String problem, Throwable cause) {
        super(place + ": " + problem, cause);
        this.place = place;
        this.problem = problem;
    }

    public Place place() {
        return place;
    }

    /** The message without its place. */
    public String problem() {
        return problem;
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.INVALID_INPUT;
    }
}
