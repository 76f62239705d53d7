package org.ecdkit.spark;

/**
 * One embedded Spark session for all of a test class's jobs ({@code local[2]}: two task slots, four
 * attempts per task): starting Spark costs seconds, and the jobs are what the tests are about.
 */
final class LocalCluster {

    private static ClusterSession session;

    private LocalCluster() {
    }

    static synchronized ClusterSession session() {
        if (session == null) {
            session = ClusterSession.start("local[2]");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> session.close()));
        }
        return session;
    }
}
