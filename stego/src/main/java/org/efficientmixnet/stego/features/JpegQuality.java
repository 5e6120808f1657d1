package org.efficientmixnet.stego.features;

/**
 * The IJG (libjpeg) quality factor of a luminance quantization table: the quality 1–100 whose scaled standard table
 * (Annex K, scaled as libjpeg's {@code jpeg_quality_scaling}, clamped to 1–255) equals the table exactly, or
 * else the one closest in the sum of squared differences ({@link #exact} tells which).
 */
public final class JpegQuality {
    /** The IJG standard luminance table, natural (row-major) order. */
    static final int[] LUMA = {
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
        14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};

    private JpegQuality() {
    }

    /** The IJG luminance table of quality {@code qf} (1–100), natural order. */
    public static int[] table(int qf) {
        if (qf < 1 || qf > 100) {
            throw new IllegalArgumentException("quality " + qf + " is not in 1–100");
        }
        int s = qf < 50 ? 5000 / qf : 200 - 2 * qf;
        int[] t = new int[64];
        for (int i = 0; i < 64; i++) {
            t[i] = Math.max(1, Math.min(255, (LUMA[i] * s + 50) / 100));
        }
        return t;
    }

    /** The quality whose IJG table is closest to {@code table} (natural order, 64 entries). */
    public static int estimate(int[] table) {
        if (table.length != 64) {
            throw new IllegalArgumentException(table.length + " table entries, 64 expected");
        }
        int best = 1;
        long bestD = Long.MAX_VALUE;
        for (int qf = 100; qf >= 1; qf--) {
            int[] t = table(qf);
            long d = 0;
            for (int i = 0; i < 64; i++) {
                long e = t[i] - table[i];
                d += e * e;
            }
            if (d < bestD) {
                bestD = d;
                best = qf;
            }
        }
        return best;
    }

    /** Whether {@code table} is exactly the IJG table of some quality. */
    public static boolean exact(int[] table) {
        return java.util.Arrays.equals(table(estimate(table)), table);
    }
}
