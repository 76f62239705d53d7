package org.ecdkit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.ecdkit.convert.ScratchDefinition;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.UsageException;
import org.ecdkit.core.report.Finding;
import org.ecdkit.core.report.Severity;
import org.ecdkit.model.MisplacedModel;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: {@code --verbose}, help, and printing through the command line's
 * own writers (never {@code System.out}), findings on stderr.
 */
abstract class EcdkitSubcommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, description = "Print notes, and a stack trace with any error.")
    boolean verbose;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** An optional number option: absent when not given. */
    static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    /** The constant of {@code type} that {@code text} names, case aside, or a usage error listing them. */
    static <E extends Enum<E>> E choice(String text, Class<E> type, String option) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + " " + text + " is not one of "
                    + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
        }
    }

    /** {@code --threads} as given: 0 means one per core, and a negative count is the user's slip. */
    static int threadCount(int threads) {
        if (threads < 0) {
            throw new UsageException("--threads " + threads + " is not a number of threads; give 1 or more, or 0 for one per core");
        }
        return threads;
    }

    /**
     * Runs {@code work}, which starts by reading the classifier definition {@code definition}; when
     * that file is a model instead (the likeliest slip), the error says so rather than how its bytes
     * fail to be JSON.
     */
    static <T> T readingDefinition(Path definition, Supplier<T> work) {
        try {
            return work.get();
        } catch (InvalidInputException e) {
            throw definition.equals(e.place().file()) ? MisplacedModel.explain(definition, e) : e;
        }
    }

    /**
     * Runs {@code work} on the classifier definition {@code argument}: the file itself when it is an
     * .ecd, or a definition made for this run when it is another description of a model (.emd, .dlpk,
     * STAC item, Deepness ONNX), removed afterwards. {@code tell} says so on stdout.
     */
    <T> T onDefinition(Path argument, boolean tell, Function<Path, T> work) {
        Optional<ScratchDefinition> made = ScratchDefinition.from(argument);
        try {
            made.ifPresent(m -> {
                report(m.findings());
                if (tell) {
                    out().println(argument + " is " + article(m.source().description()) + "; it was converted to a "
                            + "classifier definition for this run (ecdkit convert writes one to keep)");
                    out().flush();
                }
            });
            Path definition = made.map(ScratchDefinition::file).orElse(argument);
            return readingDefinition(argument, () -> work.apply(definition));
        } finally {
            made.ifPresent(ScratchDefinition::close);
        }
    }

    /**
     * A classification or detection as the command line shows it: {@link #onDefinition}, with the plan,
     * findings and a progress bar (on a terminal) unless {@code quiet}.
     */
    <T> T runTiled(Path definition, boolean quiet, BiFunction<Path, ConsoleListener, T> work) {
        ProgressBar bar = new ProgressBar(err(), System.console() != null && !quiet);
        try {
            return onDefinition(definition, !quiet, file -> work.apply(file,
                    new ConsoleListener(out(), finding -> report(List.of(finding)), bar, !quiet, 100, "")));
        } finally {
            bar.finish();
        }
    }

    private static String article(String noun) {
        return ("aeiouAEIOU".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    /** Warnings and errors always; notes with --verbose. */
    void report(List<Finding> findings) {
        for (Finding finding : findings) {
            if (finding.severity() != Severity.NOTE || verbose) {
                err().println(finding);
            }
        }
        err().flush();
    }
}
