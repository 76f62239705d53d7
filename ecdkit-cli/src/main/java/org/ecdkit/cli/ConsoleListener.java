package org.ecdkit.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;
import org.ecdkit.classify.ClassificationPlan;
import org.ecdkit.classify.ClassifyListener;
import org.ecdkit.core.report.Finding;
import org.ecdkit.detect.DetectListener;
import org.ecdkit.detect.DetectionPlan;

/**
 * What the command line shows while a classification or a detection runs: the plan wrapped to the
 * page, each finding as soon as it is known, and the progress bar. One listener for classify, detect
 * and the demo, so the three say things the same way.
 */
final class ConsoleListener implements ClassifyListener, DetectListener {

    private final PrintWriter out;
    private final Consumer<Finding> findings;
    private final ProgressBar bar;
    private final int width;
    private final String indent;
    private final boolean showPlan;

    /**
     * @param showPlan whether the plan is printed (not with {@code --quiet})
     * @param width    columns the plan is wrapped to, {@code indent} included
     */
    ConsoleListener(PrintWriter out, Consumer<Finding> findings, ProgressBar bar, boolean showPlan, int width,
            String indent) {
        this.out = out;
        this.findings = findings;
        this.bar = bar;
        this.showPlan = showPlan;
        this.width = width;
        this.indent = indent;
    }

    @Override
    public void planned(ClassificationPlan plan) {
        show(plan.describe());
    }

    @Override
    public void planned(DetectionPlan plan) {
        show(plan.describe());
    }

    private void show(String plan) {
        if (showPlan) {
            out.print(Paragraphs.wrap(plan, width, indent));
            out.flush();
        }
    }

    @Override
    public void noted(Finding finding) {
        findings.accept(finding);
    }

    @Override
    public void tilesDone(int done, int total) {
        bar.update(done, total);
    }
}
