package org.efficientmixnet.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code emn} command: one thin subcommand per use case; the work is done by the Java API. */
@Command(name = "emn", mixinStandardHelpOptions = true, version = "EfficientMixNet 0.1.0",
        description = "EfficientNet / MixNet networks and image forensics on the JVM.",
        subcommands = {DemoCommand.class, TrainCommand.class, EvalCommand.class, PredictCommand.class,
                ModelsCommand.class, SummaryCommand.class, SurgeryCommand.class, WeightsCommand.class,
                StegoCommand.class, AdvStegCommand.class, BenchCommand.class, SparkCommand.class, CommandLine.HelpCommand.class})
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
            err.println("error: " + message(ex));
            if (System.getenv("EMN_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            err.flush();
            return 2;
        });
        return cl;
    }

    /**
     * One line for a failure: the message with control characters escaped and its length bounded (it may quote a
     * hostile file), the file system's reason for I/O errors whose message is only a path.
     */
    static String message(Throwable ex) {
        String msg;
        if (ex instanceof java.nio.file.FileSystemException e && e.getReason() != null && e.getFile() != null) {
            msg = e.getFile() + ": " + e.getReason();
        } else if (ex instanceof java.nio.file.NoSuchFileException e) {
            msg = "no such file or folder: " + e.getFile();
        } else if (ex instanceof java.nio.file.AccessDeniedException e) {
            msg = "permission denied: " + e.getFile();
        } else if (ex instanceof java.nio.file.FileAlreadyExistsException e) {
            msg = "already exists: " + e.getFile();
        } else if (ex instanceof java.nio.file.FileSystemException e && e.getReason() != null) {
            msg = e.getFile() + ": " + e.getReason();
        } else if (ex instanceof OutOfMemoryError) {
            msg = "out of memory (the inputs are within the stated limits but too large together for this heap; raise"
                    + " it with EMN_JAVA_OPTS=-Xmx16g, or use fewer threads)";
        } else {
            msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        }
        return org.efficientmixnet.io.Excerpt.of(msg, 4000);
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
        if (System.getenv("EMN_DEBUG") == null) {
            // DJL warns at every start that it found no GPU; only EMN_DEBUG shows its warnings
            System.setProperty("org.slf4j.simpleLogger.log.ai.djl", System.getProperty("org.slf4j.simpleLogger.log.ai.djl", "error"));
        }
        int code;
        try {
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("error: " + message(e));
            code = 3;
        }
        System.exit(code);
    }
}
