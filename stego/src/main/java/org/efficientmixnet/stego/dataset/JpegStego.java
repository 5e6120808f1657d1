package org.efficientmixnet.stego.dataset;

import org.efficientmixnet.stego.embed.Algorithm;
import org.efficientmixnet.stego.embed.CostMap;
import org.efficientmixnet.stego.embed.Simulation;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;

/** A JPEG algorithm applied to a decoded {@link JpegCoefficients}: every component, each with its own table. */
public final class JpegStego {
    private JpegStego() {
    }

    /** Embeds into every component of the JPEG, changing its coefficients in place; returns the simulation. */
    public static Simulation embed(Algorithm a, JpegCoefficients j, double payloadBpnzac, long seed) {
        requireJpeg(a);
        int n = j.numComponents();
        int[][][] comps = new int[n][][];
        int[][] qts = new int[n][];
        for (int c = 0; c < n; c++) {
            comps[c] = j.component(c).toLayout();
            qts[c] = j.quantTableOf(c);
        }
        Simulation s = a.embed(comps, qts, payloadBpnzac, seed);
        for (int c = 0; c < n; c++) {
            j.component(c).fromLayout(s.stegoComponents()[c]);
        }
        return s;
    }

    /** The cost map of one component, in the 2-D coefficient layout. */
    public static CostMap costs(Algorithm a, JpegCoefficients j, int component) {
        requireJpeg(a);
        return a.costs(j.component(component).toLayout(), j.quantTableOf(component));
    }

    private static void requireJpeg(Algorithm a) {
        if (!a.jpeg()) {
            throw new IllegalArgumentException(a.id() + " embeds into pixels, not JPEG coefficients");
        }
    }
}
