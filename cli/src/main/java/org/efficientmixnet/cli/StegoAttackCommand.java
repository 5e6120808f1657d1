package org.efficientmixnet.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import org.efficientmixnet.io.AtomicFile;
import org.efficientmixnet.stego.attack.AttackStudy;
import org.efficientmixnet.stego.attack.ImagePlanes;
import org.efficientmixnet.stego.attack.RsAnalysis;
import org.efficientmixnet.stego.attack.SamplePairs;
import org.efficientmixnet.stego.attack.StructuralAttack;
import org.efficientmixnet.stego.attack.Triples;
import org.efficientmixnet.stego.attack.WeightedStego;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code emn stego attack spa|rs|ws|triples IMAGE…}: structural LSB-replacement attacks; {@code study}: their accuracy. */
@Command(name = "attack", description = "Structural attacks on LSB replacement: estimated payload (bits per pixel) per image and colour channel.",
        subcommands = {StegoAttackCommand.Spa.class, StegoAttackCommand.Rs.class, StegoAttackCommand.Ws.class,
                StegoAttackCommand.TriplesCommand.class, StegoAttackCommand.Study.class,
                StegoAttackCommand.CalibrationCommand.class, StegoAttackCommand.Chi2.class})
final class StegoAttackCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The images and the output format, shared by the four methods. */
    static final class Images {
        @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "PNG, BMP, GIF, TIFF, PGM/PPM (8-bit gray or RGB; alpha is ignored)")
        List<Path> images;

        @Option(names = "--json", description = "one JSON document instead of a table")
        boolean json;
    }

    /** Runs {@code estimator} on every channel of every image; a file that cannot be read is reported and skipped (exit 1). */
    static int attack(picocli.CommandLine.Model.CommandSpec spec, Images in, String method, ToDoubleFunction<int[][]> estimator) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failed = 0;
        List<String> json = new ArrayList<>();
        if (!in.json) {
            out.println("file\tmethod\tchannel\tpayload_bpp");
        }
        for (Path f : in.images) {
            ImagePlanes img;
            try {
                img = ImagePlanes.read(f);
            } catch (Exception e) {
                err.println("error: " + e.getMessage());
                failed++;
                continue;
            }
            StringBuilder channels = new StringBuilder();
            for (int c = 0; c < img.planes().length; c++) {
                double p = estimator.applyAsDouble(img.planes()[c]);
                if (in.json) {
                    channels.append(c == 0 ? "" : ", ").append('"').append(img.names().get(c)).append("\": ")
                            .append(Double.isFinite(p) ? String.format(Locale.ROOT, "%.6f", p) : "null");
                } else {
                    out.printf(Locale.ROOT, "%s\t%s\t%s\t%.4f%n", f, method, img.names().get(c), p);
                }
            }
            if (in.json) {
                json.add("  {\"file\": " + quote(f.toString()) + ", \"method\": \"" + method + "\", \"payload_bpp\": {"
                        + channels + "}}");
            }
        }
        if (in.json) {
            out.println("[\n" + String.join(",\n", json) + "\n]");
        }
        out.flush();
        err.flush();
        return failed == 0 ? 0 : 1;
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                sb.append('\\').append(ch);
            } else if (ch < 0x20) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.append('"').toString();
    }

    @Command(name = "spa", description = "Sample Pairs Analysis (Dumitrescu, Wu, Wang 2003).")
    static final class Spa implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        Images in;

        @Override
        public Integer call() {
            return attack(spec, in, "spa", SamplePairs::estimate);
        }
    }

    @Command(name = "rs", description = "RS analysis (Fridrich, Goljan, Du 2001): groups of 4, mask [0 1 1 0].")
    static final class Rs implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        Images in;

        @Override
        public Integer call() {
            return attack(spec, in, "rs", RsAnalysis::estimate);
        }
    }

    @Command(name = "ws", description = "Weighted Stego-image analysis (Fridrich, Goljan 2004) with Ker and Böhme's predictor and weights (2008).")
    static final class Ws implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        Images in;

        @Option(names = "--predictor", defaultValue = "kb", description = "kb (Ker–Böhme, 8 neighbours; default) or mean (4-neighbour mean of 2004)")
        String predictor;

        @Option(names = "--unweighted", description = "every pixel weighs the same (default: 1/(5 + local variance))")
        boolean unweighted;

        @Option(names = "--bias-correction", description = "Ker and Böhme's correction for stego pixels inside the predictor")
        boolean biasCorrection;

        @Override
        public Integer call() {
            boolean kb = switch (predictor.toLowerCase(Locale.ROOT)) {
                case "kb" -> true;
                case "mean" -> false;
                default -> throw new IllegalArgumentException("--predictor " + predictor + ": kb or mean expected");
            };
            WeightedStego.Options o = new WeightedStego.Options(kb, !unweighted, biasCorrection);
            return attack(spec, in, "ws", x -> WeightedStego.estimate(x, o));
        }
    }

    @Command(name = "triples", description = "Triples analysis (Ker 2005): least squares over trace-set symmetry conditions.")
    static final class TriplesCommand implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        Images in;

        @Option(names = "--range", defaultValue = "" + Triples.DEFAULT_RANGE, description = "largest |d1|, |d2| of the conditions (default ${DEFAULT-VALUE})")
        int range;

        @Override
        public Integer call() {
            return attack(spec, in, "triples", x -> Triples.estimate(x, range));
        }
    }

    @Command(name = "study", description = "Bias and spread of every method on covers with LSB replacement at known rates (a Markdown table).")
    static final class Study implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "COVERS", description = "folder of images (photos are made gray, block-averaged and tiled)")
        Path covers;

        @Option(names = "--downscale", defaultValue = "1", description = "average k×k blocks first (4 turns JPEG photos into never-compressed-like covers; default 1)")
        int downscale;

        @Option(names = "--tile", defaultValue = "0", description = "cut into tiles of this size (0: whole images; default 0)")
        int tile;

        @Option(names = "--max-covers", defaultValue = "1000", description = "at most this many covers (default 1000)")
        int maxCovers;

        @Option(names = "--rates", defaultValue = "0,0.1,0.2,0.4,0.8", split = ",", description = "payloads in bits per pixel (default ${DEFAULT-VALUE})")
        double[] rates;

        @Option(names = "--methods", defaultValue = "spa,rs,ws,triples", split = ",", description = "default ${DEFAULT-VALUE}")
        List<String> methods;

        @Option(names = "--ws-variants", description = "add ws-bc (with Ker–Böhme's bias correction) and ws-2004 (4-neighbour mean predictor)")
        boolean wsVariants;

        @Option(names = "--seed", defaultValue = "1")
        long seed;

        @Option(names = "--out", description = "also write the table to this file")
        Path out;

        @Override
        public Integer call() throws Exception {
            if (!Files.isDirectory(covers)) {
                throw new IllegalArgumentException(covers + ": not a folder");
            }
            List<AttackStudy.Method> m = new ArrayList<>(methods.stream().map(StructuralAttack::of).map(AttackStudy.Method::of).toList());
            if (wsVariants) {
                m.add(new AttackStudy.Method("ws-bc", x -> WeightedStego.estimate(x, new WeightedStego.Options(true, true, true))));
                m.add(new AttackStudy.Method("ws-2004", x -> WeightedStego.estimate(x, new WeightedStego.Options(false, true, false))));
            }
            long t0 = System.nanoTime();
            List<int[][]> c = AttackStudy.covers(covers, downscale, tile, maxCovers);
            if (c.isEmpty()) {
                throw new IllegalArgumentException(covers + ": no covers (no images, or all smaller than the tile)");
            }
            String table = AttackStudy.markdown(AttackStudy.run(c, m, rates, seed));
            PrintWriter pw = spec.commandLine().getOut();
            pw.print(table);
            pw.printf(Locale.ROOT, "%d covers of %d×%d from %s (downscale %d), rates %s, seed %d, %.1f s%n", c.size(),
                    c.get(0).length, c.get(0)[0].length, covers, downscale, Arrays.toString(rates), seed, (System.nanoTime() - t0) / 1e9);
            pw.flush();
            if (out != null) {
                AtomicFile.writeString(out, table);
            }
            return 0;
        }
    }

    @Command(name = "calibration", description = "Calibration attack on F5 (Fridrich, Goljan, Hogea 2002): estimated change rate β of the luminance.")
    static final class CalibrationCommand implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "JPEG")
        List<Path> files;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            int failed = 0;
            out.println("file\tbeta\tbeta_01\tbeta_10\tbeta_11");
            for (Path f : files) {
                try {
                    org.efficientmixnet.stego.attack.Calibration.Result r =
                            org.efficientmixnet.stego.attack.Calibration.estimate(org.efficientmixnet.stego.jpeg.JpegCoefficients.read(f));
                    out.printf(Locale.ROOT, "%s\t%.4f\t%.4f\t%.4f\t%.4f%n", f, r.beta(), r.perMode()[0], r.perMode()[1], r.perMode()[2]);
                } catch (Exception e) {
                    err.println("error: " + e.getMessage());
                    failed++;
                }
            }
            out.flush();
            err.flush();
            return failed == 0 ? 0 : 1;
        }
    }

    @Command(name = "chi2", description = "Chi-square attack (Westfeld, Pfitzmann 1999) on sequential LSB embedding: p-values over growing prefixes.")
    static final class Chi2 implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "JPEG (luminance coefficients other than 0 and 1, JSteg order) or image (pixels of each channel)")
        List<Path> files;

        @Option(names = "--steps", defaultValue = "20", description = "prefixes tested (default ${DEFAULT-VALUE})")
        int steps;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            int failed = 0;
            out.println("file\tchannel\tembedded_fraction\tp_values");
            for (Path f : files) {
                try {
                    String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                    if (n.endsWith(".jpg") || n.endsWith(".jpeg")) {
                        int[][] layout = org.efficientmixnet.stego.jpeg.JpegCoefficients.read(f).component(0).toLayout();
                        print(out, f, "Y", org.efficientmixnet.stego.attack.ChiSquare.attack(
                                org.efficientmixnet.stego.attack.ChiSquare.jpegSamples(layout), steps));
                    } else {
                        ImagePlanes img = ImagePlanes.read(f);
                        for (int c = 0; c < img.planes().length; c++) {
                            print(out, f, img.names().get(c), org.efficientmixnet.stego.attack.ChiSquare.attack(
                                    org.efficientmixnet.stego.attack.ChiSquare.pixelSamples(img.planes()[c]), steps));
                        }
                    }
                } catch (Exception e) {
                    err.println("error: " + e.getMessage());
                    failed++;
                }
            }
            out.flush();
            err.flush();
            return failed == 0 ? 0 : 1;
        }

        private static void print(PrintWriter out, Path f, String channel, org.efficientmixnet.stego.attack.ChiSquare.Result r) {
            StringBuilder p = new StringBuilder();
            for (double v : r.pValues()) {
                p.append(p.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", v));
            }
            out.printf(Locale.ROOT, "%s\t%s\t%.2f\t%s%n", f, channel, r.fraction(), p);
        }
    }
}
