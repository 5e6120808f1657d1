package org.efficientmixnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

/** Every command answers --help with its usage, never "Unknown option" or "Missing required options". */
class HelpCliTest {
    @Test
    void everyCommandAnswersHelp() {
        List<String[]> paths = new ArrayList<>();
        collect(Emn.commandLine(), new ArrayList<>(), paths);
        assertTrue(paths.size() > 15, "commands found: " + paths.size());
        for (String[] p : paths) {
            String[] args = java.util.Arrays.copyOf(p, p.length + 1);
            args[p.length] = "--help";
            CliTest.Result r = CliTest.run(args);
            String name = String.join(" ", p);
            assertEquals(0, r.code(), "emn " + name + " --help: " + r.err());
            assertTrue(r.out().contains("Usage:"), "emn " + name + " --help: " + r.out());
            assertFalse(r.err().contains("Unknown option") || r.err().contains("Missing required"), r.err());
        }
        CliTest.Result stego = CliTest.run("stego", "--help");
        assertTrue(stego.out().contains("prepare") && stego.out().contains("embed") && stego.out().contains("synth"),
                stego.out());
        CliTest.Result prepare = CliTest.run("stego", "prepare", "--help");
        assertTrue(prepare.out().contains("--photos"), prepare.out());
        CliTest.Result train = CliTest.run("train", "--help");
        String flat = train.out().replaceAll("\\s+", " ");
        assertFalse(flat.contains("(default: 1000)"), train.out());
        assertTrue(flat.contains("number of classes in the data"), train.out());
    }

    private static void collect(CommandLine cl, List<String> path, List<String[]> out) {
        for (var e : cl.getSubcommands().entrySet()) {
            if (e.getValue().getCommand() instanceof CommandLine.HelpCommand
                    || !e.getKey().equals(e.getValue().getCommandName())) {
                continue;   // the help command itself, aliases
            }
            List<String> p = new ArrayList<>(path);
            p.add(e.getKey());
            out.add(p.toArray(new String[0]));
            collect(e.getValue(), p, out);
        }
    }
}
