package org.ecdkit.inference.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Lowers the calling thread's CPU priority to the least (nice 19), so that the operating system's
 * scheduler runs it only on a core the model leaves idle: a model's layers keep their cores, and
 * reading and translating still fill every gap between and within its calls, where a gate taken per
 * tile ({@link CoreSharing#MODEL_FIRST} without this) either lets a tile's work run into the next
 * call or leaves the gaps within a call unused. Measured on 2 cores (docs/performance.md): 7 to 9 %
 * less wall time than the gate; LR-ASPP's whole run within 6 to 8 % of its model calls alone.
 *
 * <p>Java has no call for a thread's priority on Linux ({@code Thread.setPriority} is ignored there
 * unless the JVM runs as root with {@code -XX:ThreadPriorityPolicy=1}), so the thread names itself
 * ({@code /proc/thread-self}, Linux 3.17 and later) to {@code renice}, which util-linux provides on
 * every Linux distribution. Lowering one's own priority needs no permission. Where any of this is
 * missing the thread keeps its priority, and the pipeline gates it instead.
 */
final class BackgroundPriority {

    static final int NICENESS = 19;
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    private BackgroundPriority() {
    }

    /** Lowers the calling thread's priority; whether it could. */
    static boolean lowerCurrentThread() {
        if (!Files.exists(THREAD_SELF)) {
            return false;
        }
        try {
            String link = Files.readSymbolicLink(THREAD_SELF).toString();
            String tid = link.substring(link.lastIndexOf('/') + 1);
            if (!isThreadId(tid)) {
                return false;
            }
            Process renice = new ProcessBuilder("renice", "-n", String.valueOf(NICENESS), "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!renice.waitFor(5, TimeUnit.SECONDS)) {
                renice.destroyForcibly();
                return false;
            }
            return renice.exitValue() == 0 && niceness(tid) == NICENESS;
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean isThreadId(String text) {
        return !text.isEmpty() && text.length() < 12 && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** The niceness of thread {@code tid} of this process, from its stat line; MIN_VALUE where unknown. */
    static int niceness(String tid) {
        if (!isThreadId(tid)) {
            return Integer.MIN_VALUE;
        }
        try {
            String stat = Files.readString(Path.of("/proc/self/task", tid, "stat"));
            // The name (field 2) is in parentheses and may hold spaces: fields count from the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return Integer.parseInt(fields[16]);
        } catch (IOException | RuntimeException e) {
            return Integer.MIN_VALUE;
        }
    }
}
