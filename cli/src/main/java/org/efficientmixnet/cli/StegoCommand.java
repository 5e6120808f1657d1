package org.efficientmixnet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.efficientmixnet.stego.dataset.Algorithm;
import org.efficientmixnet.stego.dataset.CostPictures;
import org.efficientmixnet.stego.dataset.CoverPreparation;
import org.efficientmixnet.stego.dataset.EmbedJob;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;
import org.efficientmixnet.stego.jpeg.JpegComponent;
import org.efficientmixnet.stego.jpeg.Npy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "stego", description = "Steganography datasets: prepare covers, embed, cost maps, JPEG coefficients.",
        subcommands = {StegoCommand.Embed.class, StegoCommand.Prepare.class, StegoCommand.Costs.class, StegoCommand.Coeffs.class})
final class StegoCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "embed", description = "Embed into every cover of a folder (in parallel), with a CSV manifest.")
    static final class Embed implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--algo", required = true, description = "lsb-replacement, lsb-matching, hill, s-uniward (pixels); nsf5, uerd, j-uniward, ebs (JPEG)")
        String algo;

        @Option(names = "--payload", required = true, description = "bits per pixel (spatial) or per non-zero AC coefficient (JPEG); a range 0.2:0.5 draws one per image")
        String payload;

        @Option(names = "--covers", required = true, description = "folder of cover images")
        Path covers;

        @Option(names = "--out", required = true, description = "folder for the stego images and manifest.csv")
        Path out;

        @Option(names = "--seed", defaultValue = "0", description = "seed (each image's seed derives from it and its file name)")
        long seed;

        @Option(names = "--threads", description = "worker threads (default: the number of cores)")
        Integer threads;

        @Override
        public Integer call() throws Exception {
            double[] p = EmbedJob.payloadRange(payload);
            int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
            EmbedJob.Options o = new EmbedJob.Options(Algorithm.fromId(algo), p[0], p[1], covers, out, seed, t);
            long start = System.nanoTime();
            EmbedJob.Report r = EmbedJob.run(o, done -> {
                System.err.printf(Locale.ROOT, "\rembed: %d images (%.1f/s)", done, done / ((System.nanoTime() - start) / 1e9));
                System.err.flush();
            });
            System.err.println();
            PrintWriter pw = spec.commandLine().getOut();
            pw.printf(Locale.ROOT, "embedded %d, skipped %d (output existed), failed %d, not images %d; manifest %s%n",
                    r.embedded().size(), r.skipped().size(), r.failures().size(), r.notImages(), r.manifest());
            r.failures().forEach(f -> pw.println("failed: " + f));
            pw.flush();
            return r.failures().isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "prepare", description = "Covers from a folder of photos: grayscale, center crop or tiles, PNG or JPEG at a quality.")
    static final class Prepare implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--photos", required = true)
        Path photos;

        @Option(names = "--out", required = true)
        Path out;

        @Option(names = "--size", defaultValue = "512", description = "cover size (default: ${DEFAULT-VALUE})")
        int size;

        @Option(names = "--tile", description = "non-overlapping tiles instead of one center crop")
        boolean tile;

        @Option(names = "--quality", defaultValue = "0", description = "JPEG quality 1..100; 0 writes PNG (default)")
        int quality;

        @Override
        public Integer call() throws Exception {
            List<String> problems = new ArrayList<>();
            var made = CoverPreparation.run(new CoverPreparation.Options(photos, out, size, tile, quality), problems);
            PrintWriter pw = spec.commandLine().getOut();
            pw.println("prepared " + made.size() + " covers in " + out + (problems.isEmpty() ? "" : "; skipped " + problems.size()));
            problems.forEach(p -> pw.println("skipped: " + p));
            pw.flush();
            return 0;
        }
    }

    @Command(name = "costs", description = "Render an algorithm's cost map (or change-probability map) as PNG; --npy writes the raw array.")
    static final class Costs implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", description = "image (pixels) or JPEG (coefficients)")
        Path image;

        @Option(names = "--algo", required = true)
        String algo;

        @Option(names = "--png", required = true, description = "output PNG")
        Path png;

        @Option(names = "--npy", description = "also write the raw float64 array (JPEG: row 8·i+k, column 8·j+l)")
        Path npy;

        @Option(names = "--change-map", description = "render change probabilities at --payload instead of costs")
        boolean changeMap;

        @Option(names = "--payload", defaultValue = "0.4", description = "payload for --change-map (default: ${DEFAULT-VALUE})")
        double payload;

        @Option(names = "--component", defaultValue = "0", description = "JPEG component (default: 0, luminance)")
        int component;

        @Override
        public Integer call() throws Exception {
            double[][] map = CostPictures.map(image, Algorithm.fromId(algo), changeMap, payload, component);
            CostPictures.writePng(png, map, !changeMap);
            if (npy != null) {
                Npy.write(npy, map);
            }
            spec.commandLine().getOut().println("wrote " + png + (npy != null ? " and " + npy : ""));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "coeffs", description = "A JPEG's geometry and quantization tables; --npy dumps a component's coefficients.")
    static final class Coeffs implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0")
        Path file;

        @Option(names = "--npy", description = "write the component's coefficients as int32 .npy (row 8·i+k, column 8·j+l)")
        Path npy;

        @Option(names = "--component", defaultValue = "0")
        int component;

        @Override
        public Integer call() throws Exception {
            JpegCoefficients j = JpegCoefficients.read(file);
            PrintWriter pw = spec.commandLine().getOut();
            pw.printf(Locale.ROOT, "%s: %d×%d, %d component(s), %s%s%n", file, j.width(), j.height(), j.numComponents(),
                    j.progressive() ? "progressive" : "sequential",
                    j.restartInterval() > 0 ? ", restart interval " + j.restartInterval() : "");
            for (int c = 0; c < j.numComponents(); c++) {
                JpegComponent k = j.component(c);
                pw.printf(Locale.ROOT, "component %d: id %d, sampling %d×%d, %d×%d blocks, quantization table %d%n", c, k.id(),
                        k.h(), k.v(), k.widthInBlocks(), k.heightInBlocks(), k.quantTable());
            }
            for (int t = 0; t < 4; t++) {
                int[] q = j.quantTable(t);
                if (q == null) {
                    continue;
                }
                pw.println("quantization table " + t + ":");
                for (int r = 0; r < 8; r++) {
                    StringBuilder sb = new StringBuilder();
                    for (int col = 0; col < 8; col++) {
                        sb.append(String.format(Locale.ROOT, "%5d", q[r * 8 + col]));
                    }
                    pw.println(sb);
                }
            }
            if (npy != null) {
                if (component < 0 || component >= j.numComponents()) {
                    throw new IllegalArgumentException("--component " + component + ": " + file + " has components 0.."
                            + (j.numComponents() - 1));
                }
                Npy.write(npy, j.component(component).toLayout());
                pw.println("wrote " + npy);
            }
            pw.flush();
            return 0;
        }
    }
}
