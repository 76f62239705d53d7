package org.ecdkit.spark;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.ecdkit.core.error.UsageException;

/**
 * The Spark session a job runs in: embedded in this JVM ({@code local[N]}, no set-up), or the cluster
 * {@code spark-submit} started ecdkit on (its master in {@code spark.master}), or a master named on
 * the command line. Spark's own logging is kept to warnings unless the user configured it, its
 * console progress bar is off (ecdkit reports progress), and so is its web UI when embedded.
 *
 * @param spark        the session
 * @param master       its master URL
 * @param slots        tasks one executor runs at once (local[N]: N)
 * @param maxAttempts  attempts Spark gives a task before the job fails
 * @param local        whether the executors are this JVM
 * @param startupNanos how long the session took to start
 */
public record ClusterSession(SparkSession spark, String master, int slots, int maxAttempts, boolean local, long startupNanos)
        implements AutoCloseable {

    /** Attempts per task in local mode: Spark's default on a cluster (spark.task.maxFailures). */
    static final int LOCAL_ATTEMPTS = 4;
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,(\\d+))?])?");
    /** Spark's own test cluster: N workers (executor JVMs) of C cores and M MiB, started by the driver. */
    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[(\\d+),\\s*(\\d+),\\s*(\\d+)]");
    static final String LOGGING = "org/ecdkit/spark/log4j2-ecdkit.properties";

    /**
     * Starts (or joins) a session. {@code master}: empty for spark-submit's, else {@code local[*]}; or
     * a master URL ({@code local[4]}, {@code spark://host:7077}, {@code yarn}, {@code k8s://...}).
     */
    public static ClusterSession start(String master) {
        boolean ownLogging = System.getProperty("log4j2.configurationFile") == null && System.getenv("SPARK_CONF_DIR") == null;
        if (ownLogging) {
            System.setProperty("log4j2.configurationFile", LOGGING);
        }
        String chosen = master.isEmpty() ? System.getProperty("spark.master", "local[*]") : master;
        Matcher local = LOCAL.matcher(chosen);
        boolean isLocal = local.matches();
        int cores = Runtime.getRuntime().availableProcessors();
        int slots;
        int attempts;
        if (isLocal) {
            slots = local.group(1) == null ? 1 : local.group(1).equals("*") ? cores : Integer.parseInt(local.group(1));
            attempts = local.group(2) == null ? LOCAL_ATTEMPTS : Integer.parseInt(local.group(2));
            if (slots < 1) {
                throw new UsageException("--engine spark:" + chosen + ": give at least one thread");
            }
            // Local mode retries a failed task only when told how often: local[N, attempts].
            chosen = "local[" + (local.group(1) == null ? "1" : local.group(1)) + "," + attempts + "]";
        } else {
            SparkConf conf = new SparkConf();
            Matcher cluster = LOCAL_CLUSTER.matcher(chosen);
            slots = cluster.matches() ? Integer.parseInt(cluster.group(2))
                    : conf.getInt("spark.executor.cores", 1) / Math.max(1, conf.getInt("spark.task.cpus", 1));
            attempts = conf.getInt("spark.task.maxFailures", 4);
        }
        long started = System.nanoTime();
        SparkSession.Builder builder = SparkSession.builder().appName("ecdkit").master(chosen)
                .config("spark.ui.showConsoleProgress", "false");
        if (isLocal) {
            builder = builder.config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1");
        } else {
            if (System.getProperty("spark.jars") == null) {
                // Started by ecdkit, not spark-submit: the executors fetch ecdkit's jars from this driver.
                builder = builder.config("spark.jars", String.join(",", ApplicationJars.ofThisProcess()));
            }
            if (System.getProperty("spark.executor.extraJavaOptions") == null) {
                // ONNX Runtime's graph optimiser recurses deeply on the task thread (docs/scale.md).
                builder = builder.config("spark.executor.extraJavaOptions", "-Xss8m");
            }
        }
        SparkSession session = builder.getOrCreate();
        if (ownLogging && !isLocal) {
            // Under spark-submit, Spark configured its logging (INFO) before ecdkit ran; the driver's goes to warnings now.
            session.sparkContext().setLogLevel("WARN");
        }
        return new ClusterSession(session, chosen, Math.max(1, slots), attempts, isLocal, System.nanoTime() - started);
    }

    /** Executors working for the session now (in local mode, this JVM: 1). */
    public int executors() {
        if (local) {
            return 1;
        }
        Matcher cluster = LOCAL_CLUSTER.matcher(master);
        if (cluster.matches()) {
            return Integer.parseInt(cluster.group(1));
        }
        // The driver is listed among the block managers too.
        return Math.max(1, spark.sparkContext().getExecutorMemoryStatus().size() - 1);
    }

    /** "local[2,4]: 1 executor, 2 task slots", for plans. */
    public String describe() {
        int executors = executors();
        return String.format(Locale.ROOT, "Spark %s, %s: %d executor%s, %d task slot%s each", spark.version(), master,
                executors, executors == 1 ? "" : "s", slots, slots == 1 ? "" : "s");
    }

    @Override
    public void close() {
        spark.stop();
    }
}
