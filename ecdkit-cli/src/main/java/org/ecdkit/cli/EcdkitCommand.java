package org.ecdkit.cli;

import java.util.concurrent.Callable;
import org.ecdkit.core.error.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The top-level command. Without a subcommand nothing was asked, which scripts must not take for
 * success: the list of subcommands goes to stderr with the usage-error code ({@code --help} is the
 * way to ask for it).
 */
@Command(name = "ecdkit", mixinStandardHelpOptions = true, versionProvider = EcdkitVersion.class,
        description = "Deep-learning models to Esri classifier definitions (.ecd) that are checked against the model; and definitions run over GeoTIFFs of any size.",
        subcommands = {ConvertCommand.class, InspectCommand.class, ClassifyCommand.class, DetectCommand.class, ExportCommand.class,
            DemoCommand.class},
        footer = {"", "Exit codes:", "  0 ok", "  1 internal error (a defect in ecdkit)", "  2 usage error",
            "  3 invalid input (malformed file, value out of range)", "  4 I/O failure (missing file, permission, disk full)",
            "  5 inputs contradict each other (class info and model; imagery and definition)", "  6 recognised but unsupported input"})
final class EcdkitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE.code();
    }
}
