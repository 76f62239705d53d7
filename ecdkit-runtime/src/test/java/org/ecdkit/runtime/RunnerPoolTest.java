package org.ecdkit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ecdkit.core.model.ModelFormat;
import org.junit.jupiter.api.Test;

/**
 * The pool lends one session to one run at a time, keeps it open between runs of the same model and
 * options, opens another only for a run at the same time, and closes what it holds when closed.
 * The runners here count what is done to them: the pool's lending is under test, not a runtime.
 */
class RunnerPoolTest {

    /** A runner that records being closed. */
    private static final class CountedRunner implements ModelRunner {
        boolean closed;

        @Override
        public RunnerDescription description() {
            return new RunnerDescription("counted", Device.CPU, 1);
        }

        @Override
        public List<Tensor> runAll(Tensor input) {
            return List.of(input);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final List<CountedRunner> opened = new ArrayList<>();
    private final RunnerSource counting = (model, options) -> {
        CountedRunner runner = new CountedRunner();
        opened.add(runner);
        return runner;
    };

    private static RunnableModel model(String name) {
        return new RunnableModel(Path.of(name), ModelFormat.ONNX, "image", "scores");
    }

    @Test
    void aSessionIsReusedRunAfterRunAndAnotherOpenedOnlyForARunAtTheSameTime() {
        try (RunnerPool pool = new RunnerPool(counting)) {
            try (ModelRunner first = pool.open(model("a.onnx"), RunnerOptions.CPU)) {
                assertEquals("counted", first.description().runtime());
            }
            try (ModelRunner again = pool.open(model("a.onnx"), RunnerOptions.CPU)) {
                assertEquals(1, pool.opened(), "the same session, lent again");
                try (ModelRunner meanwhile = pool.open(model("a.onnx"), RunnerOptions.CPU)) {
                    assertEquals(2, pool.opened(), "a run at the same time gets its own");
                    assertNotSame(again, meanwhile);
                }
            }
            try (ModelRunner other = pool.open(model("b.onnx"), RunnerOptions.CPU);
                    ModelRunner threads = pool.open(model("a.onnx"), new RunnerOptions(1, Device.CPU, 0))) {
                assertEquals(4, pool.opened(), "another model, other options: sessions of their own");
            }
            assertTrue(opened.stream().noneMatch(r -> r.closed), "kept open between runs");
        }
        assertTrue(opened.stream().allMatch(r -> r.closed), "closed with the pool");
    }

    @Test
    void aRunnerLentWhenThePoolClosesIsClosedWhenItComesBackAndClosingTwiceGivesBackOnce() {
        RunnerPool pool = new RunnerPool(counting);
        ModelRunner lent = pool.open(model("a.onnx"), RunnerOptions.CPU);
        pool.close();
        assertFalse(opened.get(0).closed);
        lent.close();
        lent.close();
        assertTrue(opened.get(0).closed);
        assertThrows(IllegalStateException.class, () -> pool.open(model("a.onnx"), RunnerOptions.CPU));
    }
}
