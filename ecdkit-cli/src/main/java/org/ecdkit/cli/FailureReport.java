package org.ecdkit.cli;

import java.io.PrintWriter;
import org.ecdkit.core.error.EcdkitException;
import org.ecdkit.core.error.ExitCode;
import org.ecdkit.core.error.Failures;
import org.ecdkit.core.error.MismatchException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failure into lines on stderr and a documented exit code, as {@link Failures} classifies
 * it. A user's mistake is one line per problem naming the file and place; running out of memory or
 * being interrupted says so; a stack trace appears only with {@code --verbose}. Anything else is a
 * defect in ecdkit, and says so.
 */
final class FailureReport implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception failure, CommandLine commandLine, ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        boolean verbose = commandLine.getCommand() instanceof EcdkitSubcommand command && command.verbose;
        int code;
        if (failure instanceof MismatchException mismatch) {
            mismatch.problems().forEach(problem -> err.println("error: " + oneLine(problem)));
            if (commandLine.getCommand() instanceof ConvertCommand) {
                err.println("error: the class-info file contradicts the model; fix it, or pass --allow-mismatch to write "
                        + "the definition anyway");
            }
            code = mismatch.exitCode().code();
        } else if (Failures.known(failure).isPresent()) {
            EcdkitException known = Failures.known(failure).get();
            err.println("error: " + oneLine(known.getMessage()));
            code = known.exitCode().code();
        } else {
            err.println("internal error: " + failure + " (a defect in ecdkit; run with --verbose and report it)");
            code = ExitCode.INTERNAL.code();
        }
        if (verbose) {
            failure.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /**
     * A message as one line: text quoted from a damaged file can hold line breaks or terminal
     * escapes that the parsers did not catch, and one line per problem is the promise.
     */
    /**
     * picocli lets an {@link Error} escape {@code execute} as a stack trace; this strategy hands
     * errors ecdkit can name (running out of memory) to the handler like any failure.
     */
    static int execute(CommandLine.ParseResult parsed) {
        try {
            return new CommandLine.RunLast().execute(parsed);
        } catch (OutOfMemoryError | StackOverflowError e) {
            CommandLine last = parsed.asCommandLineList().get(parsed.asCommandLineList().size() - 1);
            Exception failure = Failures.known(e).map(Exception.class::cast).orElseGet(() -> new IllegalStateException(e));
            throw new CommandLine.ExecutionException(last, "failed", failure);
        }
    }

    static String oneLine(String message) {
        StringBuilder line = new StringBuilder(message.length());
        message.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7F || Character.isISOControl(c)) {
                line.append(String.format("\\u%04x", c));
            } else {
                line.appendCodePoint(c);
            }
        });
        return line.toString();
    }
}
