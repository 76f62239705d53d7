package org.ecdkit.spark.job;

import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.RuntimeFailureException;
import org.ecdkit.spark.ClusterSession;
import org.ecdkit.spark.progress.JobProgress;
import org.ecdkit.spark.progress.TaskCounter;

/**
 * Units of work as one Spark job, one task each (a scene or a window is already minutes of model time;
 * one per task lets Spark balance them and retry one alone), with progress counted as tasks end.
 *
 * @param outcomes how each unit ended, in the units' order
 * @param retried  task attempts that failed and were run again
 * @param nanos    the job's time, first task to last
 */
public record UnitRun(List<UnitOutcome> outcomes, int retried, long nanos) {

    public static <T> UnitRun of(ClusterSession session, String description, List<T> units, Function<T, UnitOutcome> work,
            JobProgress progress) {
        long started = System.nanoTime();
        if (units.isEmpty()) {
            return new UnitRun(List.of(), 0, 0);
        }
        TaskCounter counter = new TaskCounter(progress, units.size());
        session.spark().sparkContext().addSparkListener(counter);
        try {
            JavaSparkContext context = JavaSparkContext.fromSparkContext(session.spark().sparkContext());
            context.setJobDescription(description);
            List<UnitOutcome> outcomes = context.parallelize(units, units.size()).map(work).collect();
            return new UnitRun(outcomes, counter.retried(), System.nanoTime() - started);
        } catch (Exception e) {
            // Scala throws SparkException undeclared. The cluster, not a unit, failed (executors that cannot
            // start, a task Spark gave up on): one line, no trace.
            if (!(e instanceof SparkException) && !(e instanceof IllegalStateException)) {
                throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
            }
            String message = String.valueOf(e.getMessage());
            int line = message.indexOf('\n');
            throw new RuntimeFailureException(Place.remote(session.master()), "Spark stopped the job: "
                    + (line < 0 ? message : message.substring(0, line)), e);
        } finally {
            session.spark().sparkContext().removeSparkListener(counter);
        }
    }
}
