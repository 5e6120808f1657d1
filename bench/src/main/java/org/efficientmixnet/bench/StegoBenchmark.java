package org.efficientmixnet.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.efficientmixnet.stego.embed.Algorithm;
import org.efficientmixnet.stego.embed.Algorithms;
import org.efficientmixnet.stego.embed.CostMap;
import org.efficientmixnet.stego.embed.JUniward;
import org.efficientmixnet.stego.embed.Simulation;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;
import org.efficientmixnet.stego.stc.MessageHiding;
import org.efficientmixnet.stego.stc.StcFiles;
import org.efficientmixnet.stego.stc.SyndromeTrellisCode;

/**
 * Throughput of J-UNIWARD embedding on a 512×512 grayscale JPEG (quality 75, textured synthetic content): read
 * the coefficients, compute costs and simulate 0.4 bpnzAC, write the stego JPEG; medians over the runs. {@link #table}
 * times each registered JPEG algorithm's three stages apart on the same cover, single-threaded.
 */
public final class StegoBenchmark {
    private StegoBenchmark() {
    }

    /** One line with the median seconds per image and images per second. */
    public static String run(int runs) throws IOException {
        byte[] cover = cover(512, 75);
        List<Double> times = new ArrayList<>();
        long changes = 0;
        for (int i = 0; i < runs + 1; i++) {
            long t0 = System.nanoTime();
            JpegCoefficients j = JpegCoefficients.read(cover, "cover.jpg");
            Simulation s = JUniward.embed(j.component(0).toLayout(), j.quantTableOf(0), 0.4, i);
            j.component(0).fromLayout(s.stego());
            byte[] stego = j.toBytes(false);
            long t1 = System.nanoTime();
            changes = s.changes();
            if (i > 0 && stego.length > 0) {
                times.add((t1 - t0) / 1e9);
            }
        }
        double median = BenchWorker.median(times);
        return String.format(Locale.ROOT, "j-uniward 512×512 gray q75 at 0.4 bpnzAC: %.3f s per image (%.2f images/s, "
                + "%d changes), median of %d", median, 1 / median, changes, runs);
    }

    /** Median seconds of each stage for one JPEG algorithm on the 512×512 cover. */
    public record Stages(String algorithm, double costs, double simulation, double stc, long stcChanges, long messageBytes) {
    }

    /**
     * Each registered JPEG algorithm on the 512×512 grayscale q75 cover at 0.4 bpnzAC: its costs, the simulation
     * from those costs, and real STC embedding (h = 10) of a message of the same length from those costs;
     * medians over {@code runs} after a warm-up (costs and simulation repeated for 2 s or 300 calls, STC once).
     */
    public static List<Stages> stages(int runs) throws IOException {
        return stages(runs, 512);
    }

    /** {@link #stages(int)} on a size×size cover (the tests use a small one). */
    public static List<Stages> stages(int runs, int size) throws IOException {
        JpegCoefficients j = JpegCoefficients.read(cover(size, 75), "cover.jpg");
        int[][][] comps = {j.component(0).toLayout()};
        int[][] qts = {j.quantTableOf(0)};
        List<Stages> out = new ArrayList<>();
        for (Algorithm a : Algorithms.all()) {
            if (!a.jpeg()) {
                continue;
            }
            double bits = a.domain().payload(0.4, comps).bits();
            MessageHiding.Options o;
            try {
                o = StcFiles.options(a, SyndromeTrellisCode.DEFAULT_HEIGHT);
            } catch (IllegalArgumentException notAdditive) {
                o = null;   // F5, J-MiPOD: their own simulators, no STC stage (the table shows —)
            }
            // JIT and heap warm-up of costs and simulation (the cheap ones, nsF5/F5 ~10 ms, otherwise run
            // interpreted and into heap growth in the few timed calls): repeat for 2 s or 300 calls, then collect;
            // the STC stage warms up in run 0 below
            long until = System.nanoTime() + (size >= 512 ? 2_000_000_000L : 200_000_000L);   // tests: small covers
            for (int w = 0; w < 300 && System.nanoTime() < until; w++) {
                a.simulator().simulate(comps, a.costs(comps, qts), a.domain().payload(0.4, comps), -1 - w);
            }
            System.gc();
            List<Double> tc = new ArrayList<>();
            List<Double> ts = new ArrayList<>();
            List<Double> tstc = new ArrayList<>();
            long changes = 0;
            long bytes = 0;
            for (int i = 0; i < runs + 1; i++) {
                long t0 = System.nanoTime();
                CostMap[] costs = a.costs(comps, qts);
                long t1 = System.nanoTime();
                a.simulator().simulate(comps, costs, a.domain().payload(0.4, comps), i);
                long t2 = System.nanoTime();
                if (o != null) {
                    bytes = Math.min((long) Math.floor(bits / 8) - 12, MessageHiding.capacityBytes(costs, o));
                    byte[] msg = new byte[(int) Math.max(1, bytes)];
                    new Random(i).nextBytes(msg);
                    MessageHiding.Hidden h = MessageHiding.hide(comps, costs, msg, "bench", o);
                    changes = h.changes();
                }
                long t3 = System.nanoTime();
                if (i > 0) {
                    tc.add((t1 - t0) / 1e9);
                    ts.add((t2 - t1) / 1e9);
                    tstc.add((t3 - t2) / 1e9);
                }
            }
            out.add(new Stages(a.name(), BenchWorker.median(tc), BenchWorker.median(ts),
                    o == null ? Double.NaN : BenchWorker.median(tstc), changes, bytes));
        }
        return out;
    }

    /**
     * The stages as a Markdown table; with {@code peer} (name → conseal's costs and simulation seconds) the ratios
     * too. Costs and simulation to 0.1 ms: several of them take about a millisecond.
     */
    public static String table(List<Stages> rows, int runs, java.util.Map<String, double[]> peer) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "JPEG algorithms, 512×512 gray q75, 0.4 bpnzAC, one thread, median of %d (seconds):%n", runs));
        sb.append("| algorithm | costs | simulation | STC (h = 10) | STC message | STC changes |");
        sb.append(peer == null ? "\n| --- | --- | --- | --- | --- | --- |\n"
                : " conseal costs | conseal simulation | speed-up costs | speed-up simulation |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Stages r : rows) {
            sb.append(Double.isNaN(r.stc())
                    ? String.format(Locale.ROOT, "| %s | %.4f | %.4f | — | — | — |", r.algorithm(), r.costs(), r.simulation())
                    : String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.3f | %d B | %d |", r.algorithm(), r.costs(),
                    r.simulation(), r.stc(), r.messageBytes(), r.stcChanges()));
            if (peer != null) {
                double[] p = peer.get(r.algorithm());
                sb.append(p == null ? " — | — | — | — |" : String.format(Locale.ROOT, " %.4f | %.4f | %.1f× | %.1f× |",
                        p[0], p[1], p[0] / r.costs(), p[1] / r.simulation()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Runs bench/peer/conseal_peer.py with {@code python} (numpy and scipy needed) on the same cover, one thread:
     * conseal's seconds for costs and simulation by algorithm name; lines it could not time go to {@code log}.
     */
    public static java.util.Map<String, double[]> peer(String python, java.nio.file.Path script, java.nio.file.Path conseal,
                                                       int runs, java.io.PrintStream log) throws IOException, InterruptedException {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("emn-conseal-peer");
        try {
            writePeerInputs(dir);
            ProcessBuilder pb = new ProcessBuilder(python, script.toString(), conseal.toString(), dir.toString(),
                    String.valueOf(runs));
            pb.environment().put("OMP_NUM_THREADS", "1");
            pb.environment().put("OPENBLAS_NUM_THREADS", "1");
            pb.environment().put("MKL_NUM_THREADS", "1");
            pb.redirectErrorStream(true);
            Process proc = pb.start();
            java.util.Map<String, double[]> out = new java.util.LinkedHashMap<>();
            try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(proc.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    String[] t = line.trim().split("\\s+");
                    if (t.length == 3 && !t[1].equals("error")) {
                        try {
                            out.put(t[0], new double[] {Double.parseDouble(t[1]), Double.parseDouble(t[2])});
                            continue;
                        } catch (NumberFormatException e) {
                            // fall through to the log
                        }
                    }
                    log.println("conseal peer: " + line);
                }
            }
            int code = proc.waitFor();
            if (code != 0) {
                log.println("conseal peer exited with " + code);
            }
            return out;
        } finally {
            try (var files = java.nio.file.Files.list(dir)) {
                for (java.nio.file.Path f : files.toList()) {
                    java.nio.file.Files.deleteIfExists(f);
                }
            }
            java.nio.file.Files.deleteIfExists(dir);
        }
    }

    /** Writes the bench cover's luminance coefficients and table for the conseal peer (int32 .npy files). */
    public static void writePeerInputs(java.nio.file.Path dir) throws IOException {
        JpegCoefficients j = JpegCoefficients.read(cover(512, 75), "cover.jpg");
        org.efficientmixnet.io.Npy.write(dir.resolve("coefficients.npy"), j.component(0).toLayout());
        int[] q = j.quantTableOf(0);
        int[][] q2 = new int[8][8];
        for (int i = 0; i < 64; i++) {
            q2[i / 8][i % 8] = q[i];
        }
        org.efficientmixnet.io.Npy.write(dir.resolve("quant.npy"), q2);
    }

    static byte[] cover(int size, int quality) throws IOException {
        return cover(size, quality, 1);
    }

    /** A textured synthetic grayscale JPEG; {@code seed} varies the noise (and the phase of the texture). */
    static byte[] cover(int size, int quality, long seed) throws IOException {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        Random r = new Random(seed);
        double phase = seed == 1 ? 0 : r.nextDouble() * 7;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double v = 128 + 60 * Math.sin(x / 9.0 + phase) * Math.cos(y / 13.0) + r.nextGaussian() * 15;
                img.getRaster().setSample(x, y, 0, (int) Math.max(0, Math.min(255, v)));
            }
        }
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(quality / 100f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            w.setOutput(ios);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
        return out.toByteArray();
    }
}
