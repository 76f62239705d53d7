package org.ecdkit.spark.executor;

/**
 * Faults injected into tasks, to show that a failed task is retried, a killed job resumes and a
 * corrupt output is redone: called before a unit of work (a scene, a window) starts and before its
 * outputs are recorded. Nothing is injected unless a test sets it; in local mode tasks run in the
 * test's JVM, so a test's hook reaches them.
 */
public interface TaskFaults {

    TaskFaults NONE = new TaskFaults() { };

    /** Before unit {@code unit} starts, on attempt {@code attempt} (0 first). */
    default void beforeUnit(String unit, int attempt) {
    }

    /** After unit {@code unit}'s outputs are committed, before they are recorded as complete. */
    default void beforeRecord(String unit, int attempt) {
    }

    /** The hook in force. */
    static TaskFaults current() {
        return Holder.faults;
    }

    /** Sets the hook ({@link #NONE} to clear it). */
    static void set(TaskFaults faults) {
        Holder.faults = faults;
    }

    /** Where the hook lives: an interface has no mutable static fields of its own. */
    final class Holder {
        private static volatile TaskFaults faults = NONE;

        private Holder() {
        }
    }
}
