package org.efficientmixnet.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.efficientmixnet.stego.embed.Algorithm;
import org.efficientmixnet.stego.stc.F5Embedding;
import org.efficientmixnet.stego.stc.MessageHiding;
import org.efficientmixnet.stego.stc.StcFiles;
import org.efficientmixnet.stego.stc.SyndromeTrellisCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "hide", description = "Hide a message file in a cover with syndrome-trellis codes and an algorithm's costs.")
final class StegoHideCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--algo", required = true, description = "an algorithm of emn stego embed (spatial: grayscale cover, PNG stego; JPEG: JPEG cover and stego), or f5 (F5 with matrix encoding, JPEG)")
    String algo;

    @Option(names = "--variant", description = "a named cost variant of the algorithm (default: the reference's costs)")
    String variant;

    @Option(names = "--key", required = true, description = "the secret key (orders the elements, encrypts the message)")
    String key;

    @Option(names = "--message", required = true, description = "file whose bytes are hidden")
    Path message;

    @Option(names = "--height", defaultValue = "" + SyndromeTrellisCode.DEFAULT_HEIGHT, description = "STC constraint height 2..16 (default: ${DEFAULT-VALUE}); reveal needs the same")
    int height;

    @Parameters(index = "0", description = "cover image")
    Path cover;

    @Parameters(index = "1", description = "stego image to write")
    Path out;

    @Override
    public Integer call() throws Exception {
        StegoCommand.requireFile(cover);
        StegoCommand.requireFile(message);
        if (StcFiles.isF5(algo)) {
            F5Embedding.Hidden f;
            try {
                f = StcFiles.hideF5(key, Files.readAllBytes(message), cover, out);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(message + " into " + cover + " with F5: " + e.getMessage() + "; nothing written", e);
            }
            PrintWriter pw = spec.commandLine().getOut();
            pw.printf(Locale.ROOT, "hid %d bytes in %s with F5 (k = %d): %d changes, %d of them shrinkage%n",
                    Files.size(message), out, f.k(), f.changes(), f.shrinkages());
            pw.flush();
            return 0;
        }
        Algorithm a = Algorithm.fromId(algo).variant(variant);
        long size = Files.size(message);
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(message + ": " + size + " bytes is too large to hide");
        }
        MessageHiding.Hidden h;
        try {
            h = StcFiles.hide(a, key, Files.readAllBytes(message), cover, out, height);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(message + " into " + cover + " with " + a.name() + ": " + e.getMessage()
                    + "; nothing written", e);
        }
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf(Locale.ROOT, "hid %d bytes in %s with %s (%s STC, h = %d): %d changes, distortion %.6g, %d bits embedded, capacity %d bytes%n",
                size, out, a.name(), StcFiles.options(a, height).ternary() ? "ternary" : "binary", height, h.changes(),
                h.distortion(), h.embeddedBits(), h.capacityBytes());
        pw.flush();
        return 0;
    }
}
