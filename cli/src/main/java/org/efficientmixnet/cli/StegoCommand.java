package org.efficientmixnet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.efficientmixnet.stego.embed.Algorithm;
import org.efficientmixnet.stego.dataset.CostPictures;
import org.efficientmixnet.stego.dataset.CoverPreparation;
import org.efficientmixnet.stego.dataset.EmbedJob;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;
import org.efficientmixnet.stego.jpeg.JpegComponent;
import org.efficientmixnet.io.Npy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "stego", mixinStandardHelpOptions = true, description = "Steganography and steganalysis: prepare or synthesize covers, embed, hide/reveal, cost maps, JPEG coefficients; train, evaluate and apply detectors; structural attacks, rich-model features and the ensemble, forensic tools.",
        subcommands = {StegoCommand.Embed.class, StegoSynthCommand.class, StegoCommand.Prepare.class, StegoCommand.Costs.class, StegoCommand.Coeffs.class,
                StegoHideCommand.class, StegoRevealCommand.class, StegoCodingLossCommand.class,
                StegoTrainCommand.class, StegoEvalCommand.class, StegoDetectCommand.class,
                StegoAttackCommand.class, StegoFeaturesCommand.class, StegoEnsembleCommand.class,
                StegoInspectCommand.class})
final class StegoCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static void requireFile(Path file) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
    }

    /** A one-line progress bar on stderr, redrawn with '\r' (at most five times a second) and ended by a newline. */
    static final class Bar implements EmbedJob.Listener {
        private final PrintWriter err;
        private final long start = System.nanoTime();
        private long lastDraw;

        private final String label;

        Bar(PrintWriter err) {
            this(err, "embed");
        }

        Bar(PrintWriter err, String label) {
            this.err = err;
            this.label = label;
        }

        @Override
        public synchronized void finished(int done, int total) {
            long now = System.nanoTime();
            if (done < total && now - lastDraw < 200_000_000L) {
                return;
            }
            lastDraw = now;
            double secs = (now - start) / 1e9;
            int width = 30;
            int filled = total == 0 ? width : (int) ((long) done * width / total);
            double eta = done == 0 ? 0 : secs / done * (total - done);
            err.printf(Locale.ROOT, "\r%s [%s%s] %d/%d  %.1f img/s  ETA %d:%02d", label, "#".repeat(filled),
                    "-".repeat(width - filled), done, total, secs > 0 ? done / secs : 0, Math.round(eta) / 60, Math.round(eta) % 60);
            if (done == total) {
                err.println();
            }
            err.flush();
        }
    }

    @Command(name = "embed", mixinStandardHelpOptions = true, description = "Embed into every cover of a folder (in parallel), with a CSV manifest.")
    static final class Embed implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--algo", required = true, description = "lsb-replacement, lsb-matching, hill, wow, hugo, mipod, s-uniward (grayscale PNG/PGM/BMP covers); nsf5, f5, uerd, j-uniward, ebs, j-mipod (JPEG covers)")
        String algo;

        @Option(names = "--payload", required = true, description = "bits per pixel (spatial) or per non-zero AC coefficient (JPEG); a range 0.2:0.5 draws one per image")
        String payload;

        @Option(names = "--covers", required = true, description = "folder of cover images")
        Path covers;

        @Option(names = "--out", required = true, description = "folder for the stego images, manifest.csv and errors.csv")
        Path out;

        @Option(names = "--seed", defaultValue = "0", description = "seed (each image's seed derives from it and its file name; default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--threads", description = "worker threads (default: the number of cores)")
        Integer threads;

        @Option(names = "--variant", description = "a named cost variant of the algorithm (default: the reference's costs; see docs/stego-embed.md)")
        String variant;

        @Override
        public Integer call() throws Exception {
            double[] p = EmbedJob.payloadRange(payload);
            int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
            EmbedJob.Options o = new EmbedJob.Options(Algorithm.fromId(algo).variant(variant), p[0], p[1], covers, out, seed, t);
            PrintWriter err = spec.commandLine().getErr();
            EmbedJob.Report r = EmbedJob.run(o, new Bar(err));
            r.notImages().forEach(n -> err.println("warning: " + n + " is not an image (by its name), skipped"));
            err.flush();
            PrintWriter pw = spec.commandLine().getOut();
            pw.printf(Locale.ROOT, "%d covers: embedded %d, skipped %d (output existed), failed %d; %d non-image file(s) ignored%n",
                    r.covers(), r.embedded().size(), r.skipped().size(), r.failures().size(), r.notImages().size());
            pw.println("manifest: " + r.manifest());
            if (r.errors() != null) {
                pw.println("errors: " + r.errors());
                r.failures().forEach(f -> pw.println("failed: " + f));
            }
            pw.flush();
            return r.failures().isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "prepare", mixinStandardHelpOptions = true, description = "Covers from a folder of photos: grayscale, center crop or tiles, PNG or JPEG at a quality.")
    static final class Prepare implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--photos", required = true, description = "folder of photos (any ImageIO format or PGM; colour is converted to gray)")
        Path photos;

        @Option(names = "--out", required = true, description = "folder for the covers")
        Path out;

        @Option(names = "--size", defaultValue = "512", description = "side of the square covers; 0 keeps whole images (default: ${DEFAULT-VALUE})")
        int size;

        @Option(names = "--tile", description = "non-overlapping tiles instead of one center crop")
        boolean tile;

        @Option(names = "--quality", defaultValue = "0", description = "JPEG quality 1..100; 0 writes PNG (default)")
        int quality;

        @Option(names = "--min-nzac", defaultValue = "0", description = "skip JPEG covers with fewer non-zero AC coefficients (flat tiles; nsF5 and J-UNIWARD need some); 0 keeps all (default)")
        int minNzac;

        @Option(names = "--threads", description = "photos converted at once (default: the number of cores)")
        Integer threads;

        @Override
        public Integer call() throws Exception {
            int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
            PrintWriter err = spec.commandLine().getErr();
            Bar bar = new Bar(err, "prepare");
            CoverPreparation.Report r = CoverPreparation.prepare(new CoverPreparation.Options(photos, out, size, tile, quality,
                    minNzac, t), bar::finished);
            r.problems().forEach(p -> err.println("warning: " + p));
            if (r.covers().isEmpty()) {
                err.println("error: no covers made from " + photos + " (every photo was skipped, see the warnings)");
            }
            err.flush();
            PrintWriter pw = spec.commandLine().getOut();
            pw.println("prepared " + r.covers().size() + " covers in " + out + " from " + r.photos() + " photo(s)"
                    + (r.flatSkipped() > 0 ? "; " + r.flatSkipped() + " flat cover(s) with fewer than " + minNzac
                            + " non-zero AC coefficients skipped" : "")
                    + (r.problems().isEmpty() ? "" : "; " + r.problems().size() + " problem(s), listed above"));
            pw.flush();
            return r.covers().isEmpty() ? 1 : 0;
        }
    }

    @Command(name = "costs", mixinStandardHelpOptions = true, description = "Render an algorithm's cost map (or change-probability map) as PNG; --npy writes the raw array.")
    static final class Costs implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", description = "image (pixels) or JPEG (coefficients)")
        Path image;

        @Option(names = "--algo", required = true, description = "an algorithm of emn stego embed")
        String algo;

        @Option(names = "--png", required = true, description = "output PNG (costs log-scaled: dark = cheap; probabilities: bright = likely)")
        Path png;

        @Option(names = "--npy", description = "also write the array as float64 .npy: min(cost+, cost-) (inf where wet) or the probabilities; JPEG: row 8·i+k, column 8·j+l")
        Path npy;

        @Option(names = "--change-map", description = "render the change probabilities at --payload instead of the costs")
        boolean changeMap;

        @Option(names = "--payload", defaultValue = "0.4", description = "payload for --change-map, bpp or bpnzAC (default: ${DEFAULT-VALUE})")
        double payload;

        @Option(names = "--seed", defaultValue = "0", description = "seed of the simulation behind --change-map (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--component", defaultValue = "0", description = "JPEG component (default: 0, luminance)")
        int component;

        @Option(names = "--variant", description = "a named cost variant of the algorithm (default: the reference's costs)")
        String variant;

        @Option(names = "--palette", defaultValue = "gray", description = "gray (wet: red) or heat (wet: blue) (default: ${DEFAULT-VALUE})")
        String palette;

        @Override
        public Integer call() throws Exception {
            CostPictures.Palette pal = switch (palette.toLowerCase(Locale.ROOT)) {
                case "gray", "grey" -> CostPictures.Palette.GRAY;
                case "heat" -> CostPictures.Palette.HEAT;
                default -> throw new IllegalArgumentException("--palette " + palette + ": expected gray or heat");
            };
            Algorithm a = Algorithm.fromId(algo).variant(variant);
            requireFile(image);
            java.util.Map<String, Path> outs = new java.util.LinkedHashMap<>();
            outs.put("--png", png);
            outs.put("--npy", npy);
            org.efficientmixnet.io.OutputPaths.requireDistinct(java.util.Map.of("image", image), outs);
            double[][] map = changeMap ? CostPictures.changeProbabilities(image, a, payload, component, seed)
                    : CostPictures.costs(image, a, component);
            CostPictures.writePng(png, map, !changeMap, pal);
            if (npy != null) {
                Npy.write(npy, map);
            }
            long wet = java.util.Arrays.stream(map).flatMapToDouble(java.util.Arrays::stream).filter(v -> !Double.isFinite(v)).count();
            PrintWriter pw = spec.commandLine().getOut();
            pw.printf(Locale.ROOT, "%s %s of %s: %d×%d%s; wrote %s%s%n", a.name(), changeMap ? "change probabilities" : "costs",
                    image, map[0].length, map.length, changeMap ? "" : ", " + wet + " wet", png, npy != null ? " and " + npy : "");
            pw.flush();
            return 0;
        }
    }

    @Command(name = "coeffs", mixinStandardHelpOptions = true, description = "A JPEG's geometry and quantization tables; --npy dumps a component's coefficients.")
    static final class Coeffs implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", description = "a JPEG file")
        Path file;

        @Option(names = "--npy", description = "write the component's coefficients as int32 .npy (row 8·i+k, column 8·j+l)")
        Path npy;

        @Option(names = "--component", defaultValue = "0", description = "component for --npy (default: 0)")
        int component;

        @Override
        public Integer call() throws Exception {
            requireFile(file);
            java.util.Map<String, Path> outs = new java.util.HashMap<>();
            outs.put("--npy", npy);
            org.efficientmixnet.io.OutputPaths.requireDistinct(java.util.Map.of("file", file), outs);
            JpegCoefficients j = JpegCoefficients.read(file);
            if (npy != null && (component < 0 || component >= j.numComponents())) {
                throw new IllegalArgumentException("--component " + component + ": " + file + " has components 0.."
                        + (j.numComponents() - 1));
            }
            PrintWriter pw = spec.commandLine().getOut();
            pw.printf(Locale.ROOT, "%s: %d×%d, %d component(s), %s%s%n", file, j.width(), j.height(), j.numComponents(),
                    j.progressive() ? "progressive" : "sequential",
                    j.restartInterval() > 0 ? ", restart interval " + j.restartInterval() : "");
            for (int c = 0; c < j.numComponents(); c++) {
                JpegComponent k = j.component(c);
                pw.printf(Locale.ROOT, "component %d: id %d, sampling %d×%d, %d×%d blocks, quantization table %d, %d non-zero AC%n",
                        c, k.id(), k.h(), k.v(), k.widthInBlocks(), k.heightInBlocks(), k.quantTable(),
                        org.efficientmixnet.stego.embed.DctLayout.nonZeroAc(k.toLayout()));
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
                Npy.write(npy, j.component(component).toLayout());
                pw.println("wrote " + npy);
            }
            pw.flush();
            return 0;
        }
    }
}
