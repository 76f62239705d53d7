package org.ecdkit.spark.executor;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.spark.SparkEnv;

/** Which executor this code runs on, in words: "1 on node-7" ("driver on laptop" in local mode). */
public final class ExecutorIdentity {

    private ExecutorIdentity() {
    }

    public static String current() {
        SparkEnv env = SparkEnv.get();
        String id = env == null ? "?" : env.executorId();
        return id + " on " + host();
    }

    /** The executor's id alone, for grouping figures. */
    public static String id() {
        SparkEnv env = SparkEnv.get();
        return env == null ? "?" : env.executorId();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "an unnamed host";
        }
    }
}
