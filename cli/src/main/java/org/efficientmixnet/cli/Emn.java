package org.efficientmixnet.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code emn} command: one thin subcommand per use case; the work is done by the Java API. */
@Command(name = "emn", mixinStandardHelpOptions = true, version = "EfficientMixNet 0.1.0",
        description = "EfficientNet / MixNet networks and image forensics on the JVM.",
        subcommands = {DemoCommand.class, TrainCommand.class, EvalCommand.class, PredictCommand.class,
                ModelsCommand.class, SummaryCommand.class, SurgeryCommand.class, WeightsCommand.class,
                StegoCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Emn implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A command line whose errors are one clear message and a non-zero exit, never a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Emn());
        withHelp(cl);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            err.println("error: " + msg);
            if (System.getenv("EMN_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            err.flush();
            return 2;
        });
        return cl;
    }

    /** Every command and subcommand answers {@code --help} (and {@code -h}) with its usage. */
    private static void withHelp(CommandLine cl) {
        if (!cl.getCommandSpec().mixinStandardHelpOptions() && !(cl.getCommand() instanceof CommandLine.HelpCommand)) {
            cl.getCommandSpec().mixinStandardHelpOptions(true);
        }
        cl.getSubcommands().values().forEach(Emn::withHelp);
    }

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        System.exit(commandLine().execute(args));
    }
}
