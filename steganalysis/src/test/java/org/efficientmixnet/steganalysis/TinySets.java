package org.efficientmixnet.steganalysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.efficientmixnet.stego.embed.Algorithm;
import org.efficientmixnet.stego.embed.Algorithms;
import org.efficientmixnet.stego.dataset.EmbedJob;
import org.efficientmixnet.stego.dataset.GrayImages;

/** Tiny generated cover/stego sets for the tests: smooth gray textures, stegos made by {@code EmbedJob}. */
public final class TinySets {
    private TinySets() {
    }

    /** A smooth 8-bit texture: a few random sinusoids and a gradient, plus a little noise, rounded. */
    public static int[][] texture(int size, Random r) {
        int[][] px = new int[size][size];
        double[][] f = new double[4][4];
        for (double[] row : f) {
            for (int k = 0; k < 4; k++) {
                row[k] = r.nextDouble();
            }
        }
        double base = 60 + 120 * r.nextDouble();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double v = base + 0.4 * (x - y);
                for (double[] w : f) {
                    v += 25 * w[0] * Math.sin(2 * Math.PI * (w[1] * x + w[2] * y) / size * 3 + 6 * w[3]);
                }
                v += 0.6 * r.nextGaussian();
                px[y][x] = (int) Math.max(0, Math.min(255, Math.round(v)));
            }
        }
        return px;
    }

    /** {@code n} PNG covers of {@code size}² in {@code dir}. */
    public static Path covers(Path dir, int n, int size, long seed) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            GrayImages.writePng(dir.resolve(String.format("c%04d.png", i)), texture(size, r));
        }
        return dir;
    }

    /** Stegos of every cover with an algorithm and payload, through {@code emn stego embed}'s job (with a manifest). */
    public static Path embed(Path covers, Path out, Algorithm a, double payload, long seed) throws Exception {
        EmbedJob.Report rep = EmbedJob.run(new EmbedJob.Options(a, payload, payload, covers, out, seed, 2), (d, t) -> { });
        if (!rep.failures().isEmpty()) {
            throw new IllegalStateException("embedding failed: " + rep.failures());
        }
        return out;
    }
}
