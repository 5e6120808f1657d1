package org.efficientmixnet.stego.attack;

/**
 * RS analysis (Fridrich, Goljan, Du, "Reliable detection of LSB steganography in color and grayscale images", ACM
 * Multimedia Workshop 2001). The plane is cut into disjoint groups of four horizontally adjacent pixels; the
 * discrimination function is f(G) = Σ|g<sub>i+1</sub> − g<sub>i</sub>| and the mask M = [0 1 1 0] applies F₁
 * (0↔1, 2↔3, …) to the middle pixels, −M applies F₋₁ (−1↔0, 1↔2, …). A group is regular when flipping raises f,
 * singular when it lowers it. With d₀ = R<sub>M</sub> − S<sub>M</sub> and d₋₀ = R<sub>−M</sub> − S<sub>−M</sub>
 * measured on the image and d₁, d₋₁ the same on the image with every LSB flipped, the root z of smaller magnitude
 * of 2(d₁ + d₀) z² + (d₋₀ − d₋₁ − d₁ − 3d₀) z + d₀ − d₋₀ = 0 gives the payload p = z / (z − ½) bits per pixel.
 */
public final class RsAnalysis {
    private static final int GROUP = 4;
    private static final int[] MASK = {0, 1, 1, 0};

    private RsAnalysis() {
    }

    /** {R_M − S_M, R_−M − S_−M} as fractions of the groups, of the plane with ({@code flipAll}) or without all LSBs flipped. */
    static double[] differences(int[][] x, boolean flipAll) {
        long rm = 0;
        long sm = 0;
        long rn = 0;
        long sn = 0;
        long groups = 0;
        int[] g = new int[GROUP];
        int[] f = new int[GROUP];
        for (int[] row : x) {
            for (int c = 0; c + GROUP <= row.length; c += GROUP) {
                for (int i = 0; i < GROUP; i++) {
                    g[i] = flipAll ? row[c + i] ^ 1 : row[c + i];
                }
                int f0 = smoothness(g);
                for (int i = 0; i < GROUP; i++) {
                    f[i] = MASK[i] == 1 ? g[i] ^ 1 : g[i];
                }
                int fm = smoothness(f);
                for (int i = 0; i < GROUP; i++) {
                    f[i] = MASK[i] == 1 ? ((g[i] + 1) ^ 1) - 1 : g[i];
                }
                int fn = smoothness(f);
                if (fm > f0) {
                    rm++;
                } else if (fm < f0) {
                    sm++;
                }
                if (fn > f0) {
                    rn++;
                } else if (fn < f0) {
                    sn++;
                }
                groups++;
            }
        }
        return new double[] {(double) (rm - sm) / groups, (double) (rn - sn) / groups};
    }

    private static int smoothness(int[] g) {
        int s = 0;
        for (int i = 0; i + 1 < g.length; i++) {
            s += Math.abs(g[i + 1] - g[i]);
        }
        return s;
    }

    /** The estimated payload (bits per pixel) of LSB replacement in the plane {@code x} (at least 4 columns). */
    public static double estimate(int[][] x) {
        Planes.require(x, 1, GROUP, "RS");
        double[] s = differences(x, false);
        double[] f = differences(x, true);
        double d0 = s[0];
        double dn0 = s[1];
        double d1 = f[0];
        double dn1 = f[1];
        double z = Planes.root(2 * (d1 + d0), dn0 - dn1 - d1 - 3 * d0, d0 - dn0, true);
        return z / (z - 0.5);
    }
}
