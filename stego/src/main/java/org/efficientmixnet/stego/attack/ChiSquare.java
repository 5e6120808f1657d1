package org.efficientmixnet.stego.attack;

import java.util.Arrays;

/**
 * The chi-square attack (Westfeld, Pfitzmann, "Attacks on steganographic systems", Information Hiding 1999) on
 * sequential LSB embedding: LSB replacement equalizes the counts of each pair of values (2i, 2i+1). Over the first
 * x% of the samples, χ² = Σ (n<sub>2i</sub> − n*<sub>i</sub>)² / n*<sub>i</sub> with n*<sub>i</sub> = (n<sub>2i</sub>
 * + n<sub>2i+1</sub>)/2 over the pairs with n* ≥ 5 (pairs are pooled into one category until they reach it); the
 * p-value 1 − F<sub>χ²</sub>(χ², categories − 1) is near 1 where the samples carry a message and drops to 0 where
 * they do not. The estimated embedded fraction is the longest prefix whose p-value stays above 0.5; being cumulative,
 * the test falls only some way after the message ends, so this overestimates (0.5 embedded reads 0.55–0.7). For JPEG the
 * samples are the luminance DCT coefficients in file order (blocks in raster order, zigzag inside a block) except
 * the values 0 and 1, which JSteg leaves alone; for images the pixels in raster order.
 */
public final class ChiSquare {
    /** p-values at {@code steps} equally spaced prefixes and the estimated embedded fraction of the samples. */
    public record Result(double[] pValues, double fraction, int samples) {
    }

    private static final int[] ZIGZAG = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
        28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
        54, 47, 55, 62, 63};

    private ChiSquare() {
    }

    /** The JSteg samples of a coefficient layout: raster order of blocks, zigzag within, values 0 and 1 left out. */
    public static int[] jpegSamples(int[][] layout) {
        int[] out = new int[layout.length * layout[0].length];
        int n = 0;
        for (int bi = 0; bi < layout.length / 8; bi++) {
            for (int bj = 0; bj < layout[0].length / 8; bj++) {
                for (int z : ZIGZAG) {
                    int v = layout[bi * 8 + z / 8][bj * 8 + z % 8];
                    if (v != 0 && v != 1) {
                        out[n++] = v;
                    }
                }
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The pixels of a plane in raster order. */
    public static int[] pixelSamples(int[][] plane) {
        return Arrays.stream(plane).flatMapToInt(Arrays::stream).toArray();
    }

    public static Result attack(int[] samples, int steps) {
        if (steps < 1 || samples.length < steps) {
            throw new IllegalArgumentException(samples.length + " samples for " + steps + " steps");
        }
        double[] p = new double[steps];
        java.util.Map<Integer, long[]> pairs = new java.util.TreeMap<>();
        int at = 0;
        for (int s = 0; s < steps; s++) {
            int end = (int) ((long) samples.length * (s + 1) / steps);
            for (; at < end; at++) {
                int v = samples[at];
                pairs.computeIfAbsent(Math.floorDiv(v, 2), k -> new long[2])[Math.floorMod(v, 2)]++;
            }
            p[s] = pValue(pairs.values());
        }
        int ok = 0;
        while (ok < steps && p[ok] > 0.5) {
            ok++;
        }
        return new Result(p, (double) ok / steps, samples.length);
    }

    static double pValue(java.util.Collection<long[]> pairs) {
        double chi = 0;
        int categories = 0;
        double even = 0;
        double total = 0;
        for (long[] c : pairs) {
            even += c[0];
            total += c[0] + c[1];
            double expected = total / 2;
            if (expected >= 5) {
                chi += (even - expected) * (even - expected) / expected;
                categories++;
                even = 0;
                total = 0;
            }
        }
        if (categories < 2) {
            return Double.NaN;
        }
        return 1 - regularizedGammaP((categories - 1) / 2.0, chi / 2);
    }

    /** The regularized lower incomplete gamma function P(a, x) (series below a + 1, continued fraction above). */
    static double regularizedGammaP(double a, double x) {
        if (x <= 0) {
            return 0;
        }
        double lnPre = a * Math.log(x) - x - logGamma(a);
        if (x < a + 1) {
            double sum = 1 / a;
            double term = sum;
            for (int n = 1; n < 10_000; n++) {
                term *= x / (a + n);
                sum += term;
                if (Math.abs(term) < Math.abs(sum) * 1e-15) {
                    break;
                }
            }
            return Math.min(1, sum * Math.exp(lnPre));
        }
        double b = x + 1 - a;
        double c = 1 / 1e-300;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 10_000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < 1e-300) {
                d = 1e-300;
            }
            c = b + an / c;
            if (Math.abs(c) < 1e-300) {
                c = 1e-300;
            }
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < 1e-15) {
                break;
            }
        }
        return Math.max(0, 1 - Math.exp(lnPre) * h);
    }

    /** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9). */
    static double logGamma(double x) {
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        x -= 1;
        double a = c[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) {
            a += c[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }
}
