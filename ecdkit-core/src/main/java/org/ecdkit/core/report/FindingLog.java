package org.ecdkit.core.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The findings of one command, kept for its summary and told to a listener the moment each is
 * known (a warning printed an hour into a run is worth less). Safe to add to from several threads.
 */
public final class FindingLog implements Consumer<Finding> {

    private final List<Finding> findings = new ArrayList<>();
    private final Consumer<Finding> listener;

    public FindingLog(Consumer<Finding> listener) {
        this.listener = listener;
    }

    @Override
    public void accept(Finding finding) {
        synchronized (findings) {
            findings.add(finding);
        }
        listener.accept(finding);
    }

    /** Everything noted so far, in order. */
    public List<Finding> all() {
        synchronized (findings) {
            return List.copyOf(findings);
        }
    }
}
