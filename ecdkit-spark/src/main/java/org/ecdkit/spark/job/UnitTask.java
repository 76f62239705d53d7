package org.ecdkit.spark.job;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.TaskContext;
import org.ecdkit.core.error.EcdkitException;
import org.ecdkit.core.error.ExitCode;
import org.ecdkit.spark.executor.ExecutorIdentity;

/**
 * What every task does around its unit of work: runs it, and decides what a failure means. A user's
 * mistake (a scene with the wrong bands, a malformed file) fails the same way on every attempt, so it
 * is reported at once and the job goes on with the others; anything else (a runtime crash, a full
 * disk, a lost file system) may be the machine's, so it is thrown for Spark to retry the task, and
 * reported only once the last attempt fails too.
 */
public final class UnitTask implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The work itself: returns its outcome, or throws. */
    @FunctionalInterface
    public interface Work {
        UnitOutcome run(int attempt) throws Exception;
    }

    private final int maxAttempts;

    /** @param maxAttempts how many attempts Spark gives a task (spark.task.maxFailures, or local[N,F]'s F) */
    public UnitTask(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public UnitOutcome run(String name, String source, Work work) throws Exception {
        TaskContext context = TaskContext.get();
        int attempt = context == null ? 0 : context.attemptNumber();
        try {
            return work.run(attempt);
        } catch (EcdkitException e) {
            if (deterministic(e.exitCode()) || attempt + 1 >= maxAttempts) {
                return failed(name, source, e.getMessage(), e.exitCode().code(), attempt);
            }
            throw e;
        } catch (Exception | LinkageError e) {
            if (attempt + 1 >= maxAttempts) {
                return failed(name, source, e.getClass().getSimpleName() + ": " + e.getMessage(), ExitCode.INTERNAL.code(),
                        attempt);
            }
            throw e;
        }
    }

    private static boolean deterministic(ExitCode code) {
        return switch (code) {
            case USAGE, INVALID_INPUT, MISMATCH, UNSUPPORTED -> true;
            default -> false;
        };
    }

    private static UnitOutcome failed(String name, String source, String why, int exitCode, int attempt) {
        String line = why == null ? "failed" : why.replace('\n', ' ');
        return new UnitOutcome(name, source, line, exitCode, List.of(), 0, 0, 0, ExecutorIdentity.current(), attempt);
    }
}
