package org.efficientmixnet.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.efficientmixnet.stego.embed.Algorithm;
import org.efficientmixnet.stego.stc.CodingLoss;
import org.efficientmixnet.stego.stc.SyndromeTrellisCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "coding-loss", description = "Measure STC embedding against the simulator over a folder of covers: distortion excess and payload loss.")
final class StegoCodingLossCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--algo", required = true, description = "an algorithm of emn stego embed")
    String algo;

    @Option(names = "--variant", description = "a named cost variant of the algorithm")
    String variant;

    @Option(names = "--covers", required = true, description = "folder of covers (grayscale images or JPEGs, by the algorithm)")
    Path covers;

    @Option(names = "--payload", defaultValue = "0.4", description = "payload in the algorithm's unit, bpp or bpnzAC (default: ${DEFAULT-VALUE})")
    double payload;

    @Option(names = "--height", defaultValue = "" + SyndromeTrellisCode.DEFAULT_HEIGHT, description = "STC constraint height (default: ${DEFAULT-VALUE})")
    int height;

    @Option(names = "--limit", defaultValue = "0", description = "at most this many covers, in name order (0: all)")
    int limit;

    @Override
    public Integer call() throws Exception {
        Algorithm a = Algorithm.fromId(algo).variant(variant);
        if (!Files.isDirectory(covers)) {
            throw new IllegalArgumentException(covers + ": no such folder");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(covers)) {
            files = s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return a.jpeg() ? n.endsWith(".jpg") || n.endsWith(".jpeg")
                        : n.endsWith(".png") || n.endsWith(".pgm") || n.endsWith(".bmp");
            }).sorted().toList();
        }
        if (limit > 0 && files.size() > limit) {
            files = files.subList(0, limit);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(covers + ": no " + (a.jpeg() ? "JPEG" : "PNG/PGM/BMP") + " covers");
        }
        List<String> skipped = new ArrayList<>();
        List<CodingLoss.Row> rows = CodingLoss.measure(a, files, payload, height, skipped);
        PrintWriter pw = spec.commandLine().getOut();
        pw.println("cover,bits,stc_distortion,simulated_distortion,distortion_excess,payload_loss,seconds");
        for (CodingLoss.Row r : rows) {
            pw.printf(Locale.ROOT, "%s,%d,%.6g,%.6g,%.4f,%.4f,%.2f%n", r.cover().getFileName(), r.bits(), r.stcDistortion(),
                    r.simulatedDistortion(), r.distortionExcess(), r.payloadLoss(), r.seconds());
        }
        if (!rows.isEmpty()) {
            double[] ex = rows.stream().mapToDouble(CodingLoss.Row::distortionExcess).sorted().toArray();
            double[] pl = rows.stream().mapToDouble(CodingLoss.Row::payloadLoss).sorted().toArray();
            double stc = rows.stream().mapToDouble(CodingLoss.Row::stcDistortion).sum();
            double sim = rows.stream().mapToDouble(CodingLoss.Row::simulatedDistortion).sum();
            pw.printf(Locale.ROOT, "# %s, payload %s %s, h = %d, %d covers: distortion excess mean %.4f median %.4f max %.4f"
                            + " (pooled %.4f); payload loss mean %.4f median %.4f max %.4f%n",
                    a.name(), payload, a.payloadUnit(), height, rows.size(), Arrays.stream(ex).average().orElse(0),
                    ex[ex.length / 2], ex[ex.length - 1], stc / sim - 1, Arrays.stream(pl).average().orElse(0),
                    pl[pl.length / 2], pl[pl.length - 1]);
        }
        pw.flush();
        PrintWriter err = spec.commandLine().getErr();
        skipped.forEach(s -> err.println("skipped: " + s));
        err.flush();
        return rows.isEmpty() ? 1 : 0;
    }
}
