package org.ecdkit.core.error;

import java.util.List;

/**
 * Inputs that are each valid but contradict each other, such as a class-info file that declares
 * four bands for a model that takes three. The message is the first problem; all are kept.
 */
public class MismatchException extends EcdkitException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public MismatchException(List<String> problems) {
        super(summary(problems), null);
        this.problems = List.copyOf(problems);
    }

    private static String summary(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a mismatch needs at least one problem");
        }
        String first = problems.get(0);
        return problems.size() == 1 ? first : first + " (and " + (problems.size() - 1) + " more)";
    }

    public List<String> problems() {
        return problems;
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.MISMATCH;
    }
}
