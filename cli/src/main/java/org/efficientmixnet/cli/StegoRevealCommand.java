package org.efficientmixnet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.efficientmixnet.io.AtomicFile;
import org.efficientmixnet.stego.embed.Algorithm;
import org.efficientmixnet.stego.stc.StcFiles;
import org.efficientmixnet.stego.stc.SyndromeTrellisCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "reveal", description = "Extract the message hidden by emn stego hide (needs the stego, the key and the algorithm).")
final class StegoRevealCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--algo", required = true, description = "the algorithm the message was hidden with (or f5)")
    String algo;

    @Option(names = "--key", required = true, description = "the secret key")
    String key;

    @Option(names = "--height", defaultValue = "" + SyndromeTrellisCode.DEFAULT_HEIGHT, description = "STC constraint height used to hide (default: ${DEFAULT-VALUE})")
    int height;

    @Option(names = "--out", description = "file for the message (default: standard output)")
    Path out;

    @Parameters(index = "0", description = "stego image")
    Path stego;

    @Override
    public Integer call() throws Exception {
        StegoCommand.requireFile(stego);
        byte[] message = StcFiles.isF5(algo) ? StcFiles.revealF5(key, stego)
                : StcFiles.reveal(Algorithm.fromId(algo), key, stego, height);
        if (out != null) {
            AtomicFile.write(out, message);
            PrintWriter pw = spec.commandLine().getOut();
            pw.println("revealed " + message.length + " bytes into " + out);
            pw.flush();
        } else {
            System.out.write(message);
            System.out.flush();
        }
        return 0;
    }
}
