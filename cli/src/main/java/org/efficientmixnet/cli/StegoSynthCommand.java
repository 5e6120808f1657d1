package org.efficientmixnet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.efficientmixnet.stego.dataset.SyntheticCovers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code emn stego synth}: natural-looking synthetic grayscale covers, made without any download. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Synthetic grayscale covers (1/f textures, dead-leaves shapes and edges, lens blur, sensor noise), JPEG by the project's encoder.")
final class StegoSynthCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, description = "folder for the covers (synth_000000.jpg, …); existing files are kept")
    Path out;

    @Option(names = "--count", required = true, description = "number of covers")
    int count;

    @Option(names = "--size", defaultValue = "256", description = "side in pixels (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--quality", defaultValue = "75", description = "JPEG quality 1..100; 0 writes PNG (default: ${DEFAULT-VALUE})")
    int quality;

    @Option(names = "--seed", defaultValue = "1", description = "seed: image i of a seed is always the same (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", description = "worker threads (default: the number of cores)")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        List<Path> made = SyntheticCovers.write(new SyntheticCovers.Options(out, count, size, quality, seed, t),
                new StegoCommand.Bar(err, "synth")::finished);
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf(Locale.ROOT, "%d synthetic covers %d×%d (%s) in %s, %.1f s%n", made.size(), size, size,
                quality > 0 ? "JPEG quality " + quality : "PNG", out, (System.nanoTime() - start) / 1e9);
        pw.flush();
        return 0;
    }
}
