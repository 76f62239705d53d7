package org.ecdkit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level command; on its own it prints the list of subcommands. */
@Command(name = "ecdkit", mixinStandardHelpOptions = true, versionProvider = EcdkitVersion.class,
        description = "Deep-learning models to Esri classifier definitions (.ecd): convert, check, inspect, classify, detect, export.",
        subcommands = {ConvertCommand.class, InspectCommand.class, ClassifyCommand.class, DetectCommand.class, ExportCommand.class,
            DemoCommand.class},
        footer = {"", "Exit codes:", "  0 ok", "  1 internal error (a defect in ecdkit)", "  2 usage error",
            "  3 invalid input (malformed file, value out of range)", "  4 I/O failure (missing file, permission, disk full)",
            "  5 inputs contradict each other (class info and model; imagery and definition)", "  6 recognised but unsupported input"})
final class EcdkitCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
