package org.ecdkit.cli;

import java.io.PrintWriter;
import org.ecdkit.core.error.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/** A wrong command line: one line saying what is wrong and where help is, exit code 2. */
final class UsageReport implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException problem, String[] args) {
        CommandLine commandLine = problem.getCommandLine();
        PrintWriter err = commandLine.getErr();
        String message = problem.getMessage().replaceAll("\\s+", " ").trim();
        err.println("error: " + message + " (see '" + commandLine.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return ExitCode.USAGE.code();
    }
}
