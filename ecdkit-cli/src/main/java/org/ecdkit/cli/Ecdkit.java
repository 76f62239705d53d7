package org.ecdkit.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * The {@code ecdkit} command. {@link #commandLine} builds it with the writers passed in, so tests
 * run it against captured output exactly as a user runs it.
 */
public final class Ecdkit {

    private Ecdkit() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = execute(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return commandLine(out, err).execute(args);
    }

    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new EcdkitCommand());
        commandLine.setUsageHelpWidth(100);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(new FailureReport());
        commandLine.setExecutionStrategy(FailureReport::execute);
        commandLine.setParameterExceptionHandler(new UsageReport());
        return commandLine;
    }
}
