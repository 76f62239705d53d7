package org.ecdkit.inference.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BackgroundPriorityTest {

    /** The niceness of the calling thread, from Linux's own account of it. */
    private static int ownNiceness() throws Exception {
        String link = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
        return BackgroundPriority.niceness(link.substring(link.lastIndexOf('/') + 1));
    }

    @Test
    void aThreadLowersItsOwnPriorityAndNoOtherThreads() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self")), "Linux 3.17 or later");
        int before = ownNiceness();
        AtomicReference<Object> seen = new AtomicReference<>();
        // A name with the characters that make a stat line hard to split: spaces and a parenthesis.
        Thread helper = new Thread(() -> {
            try {
                boolean lowered = BackgroundPriority.lowerCurrentThread();
                seen.set(lowered ? ownNiceness() : "renice failed");
            } catch (Exception e) {
                seen.set(e);
            }
        }, "odd) name (1");
        helper.start();
        helper.join();
        assertEquals(BackgroundPriority.NICENESS, seen.get(), "the helper, by /proc/thread-self/stat");
        assertEquals(before, ownNiceness(), "the calling thread is left as it was");
        assertTrue(before < BackgroundPriority.NICENESS);
    }

    @Test
    void anUnknownThreadHasNoNiceness() {
        assertEquals(Integer.MIN_VALUE, BackgroundPriority.niceness("999999999"));
        assertEquals(Integer.MIN_VALUE, BackgroundPriority.niceness("../../1"));
    }
}
