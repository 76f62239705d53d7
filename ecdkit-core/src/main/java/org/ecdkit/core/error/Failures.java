package org.ecdkit.core.error;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place that decides what a failure is, for every caller that reports one (the command
 * line, a pipeline rethrowing what a worker thread hit): ecdkit's own exceptions are themselves;
 * running out of memory is a resource failure with the limit named; an interrupt is an interrupt,
 * wherever it surfaced; wrappers are looked through. Anything else is a defect in ecdkit.
 */
public final class Failures {

    private Failures() {
    }

    /** What {@code failure} is to a user, or empty when it is a defect in ecdkit. */
    public static Optional<EcdkitException> known(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof EcdkitException known) {
            return Optional.of(known);
        }
        if (cause instanceof OutOfMemoryError memory) {
            return Optional.of(outOfMemory(memory));
        }
        if (interrupted(cause)) {
            return Optional.of(new InterruptedRunException("the run", cause));
        }
        return Optional.empty();
    }

    /**
     * {@code failure} as an unchecked exception to rethrow: a known failure as itself, anything
     * else unchanged (an {@link Error} stays an error), so defects keep their stack trace.
     */
    public static RuntimeException rethrow(Throwable failure) {
        Optional<EcdkitException> known = known(failure);
        if (known.isPresent()) {
            return known.get();
        }
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(failure);
    }

    /** Running out of heap or direct memory, named with the limit and what to change. */
    public static ResourceException outOfMemory(OutOfMemoryError error) {
        long max = Runtime.getRuntime().maxMemory();
        String what = error.getMessage() != null && error.getMessage().toLowerCase(Locale.ROOT).contains("direct")
                ? "direct memory (batch tensors)" : "memory";
        return new ResourceException(String.format(Locale.ROOT, "ran out of %s: this JVM may use %,d MiB; lower --batch "
                + "or --tile, or give it more (ECDKIT_JAVA_OPTS=-Xmx4g)", what, max >> 20), error);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        for (int depth = 0; depth < 16 && current.getCause() != null; depth++) {
            if (current instanceof ExecutionException || current instanceof CompletionException
                    || current instanceof UncheckedIOException && interrupted(current.getCause())
                    || current.getClass() == RuntimeException.class) {
                current = current.getCause();
            } else {
                break;
            }
        }
        return current;
    }

    private static boolean interrupted(Throwable failure) {
        return failure instanceof InterruptedException || failure instanceof ClosedByInterruptException
                || failure instanceof InterruptedIOException && !(failure instanceof java.net.SocketTimeoutException);
    }
}
