package org.efficientmixnet.stego.dataset;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.efficientmixnet.stego.embed.CostMap;
import org.efficientmixnet.stego.embed.Ebs;
import org.efficientmixnet.stego.embed.Hill;
import org.efficientmixnet.stego.embed.JUniward;
import org.efficientmixnet.stego.embed.Lsb;
import org.efficientmixnet.stego.embed.Nsf5;
import org.efficientmixnet.stego.embed.SUniward;
import org.efficientmixnet.stego.embed.Simulation;
import org.efficientmixnet.stego.embed.Uerd;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;

/**
 * The embedding algorithms by their command-line names, with their domain: spatial ones take grayscale pixels
 * (payload in bits per pixel), JPEG ones the quantized coefficients of every component (payload in bits per
 * non-zero AC coefficient, counted over all components).
 */
public enum Algorithm {
    LSB_REPLACEMENT("lsb-replacement", false),
    LSB_MATCHING("lsb-matching", false),
    HILL("hill", false),
    S_UNIWARD("s-uniward", false),
    NSF5("nsf5", true),
    UERD("uerd", true),
    J_UNIWARD("j-uniward", true),
    EBS("ebs", true);

    private final String id;
    private final boolean jpeg;

    Algorithm(String id, boolean jpeg) {
        this.id = id;
        this.jpeg = jpeg;
    }

    public String id() {
        return id;
    }

    public boolean jpeg() {
        return jpeg;
    }

    /** The payload unit: {@code bpp} (bits per pixel) or {@code bpnzac} (bits per non-zero AC coefficient). */
    public String payloadUnit() {
        return jpeg ? "bpnzac" : "bpp";
    }

    public static Algorithm fromId(String s) {
        String n = s.toLowerCase(Locale.ROOT).replace('_', '-');
        for (Algorithm a : values()) {
            if (a.id.equals(n) || a.id.replace("-", "").equals(n)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown embedding algorithm '" + s + "'; expected one of "
                + Arrays.stream(values()).map(Algorithm::id).collect(Collectors.joining(", ")));
    }

    /** Embeds into grayscale pixels (0–255). */
    public Simulation embed(int[][] pixels, double payloadBpp, long seed) {
        return switch (this) {
            case LSB_REPLACEMENT -> Lsb.embedReplacement(pixels, payloadBpp, seed);
            case LSB_MATCHING -> Lsb.embedMatching(pixels, payloadBpp, seed);
            case HILL -> Hill.embed(pixels, payloadBpp, seed);
            case S_UNIWARD -> SUniward.embed(pixels, payloadBpp, seed);
            default -> throw new IllegalArgumentException(id + " embeds into JPEG coefficients, not pixels");
        };
    }

    /** Embeds into every component of a JPEG, changing its coefficients in place; returns the simulation. */
    public Simulation embed(JpegCoefficients j, double payloadBpnzac, long seed) {
        int n = j.numComponents();
        int[][][] comps = new int[n][][];
        int[][] qts = new int[n][];
        for (int c = 0; c < n; c++) {
            comps[c] = j.component(c).toLayout();
            qts[c] = j.quantTableOf(c);
        }
        Simulation s = switch (this) {
            case NSF5 -> Nsf5.embed(comps, payloadBpnzac, seed);
            case UERD -> Uerd.embed(comps, qts, payloadBpnzac, seed);
            case J_UNIWARD -> JUniward.embed(comps, qts, payloadBpnzac, seed);
            case EBS -> Ebs.embed(comps, qts, payloadBpnzac, seed);
            default -> throw new IllegalArgumentException(id + " embeds into pixels, not JPEG coefficients");
        };
        for (int c = 0; c < n; c++) {
            j.component(c).fromLayout(s.stegoComponents()[c]);
        }
        return s;
    }

    /** The cost map of grayscale pixels. */
    public CostMap costs(int[][] pixels) {
        return switch (this) {
            case LSB_REPLACEMENT -> Lsb.replacementCosts(pixels);
            case LSB_MATCHING -> Lsb.matchingCosts(pixels);
            case HILL -> Hill.costs(pixels);
            case S_UNIWARD -> SUniward.costs(pixels);
            default -> throw new IllegalArgumentException(id + " has costs for JPEG coefficients, not pixels");
        };
    }

    /** The cost map of one JPEG component, in the 2-D coefficient layout. */
    public CostMap costs(JpegCoefficients j, int component) {
        int[][] coef = j.component(component).toLayout();
        int[] qt = j.quantTableOf(component);
        return switch (this) {
            case NSF5 -> Nsf5.costs(coef);
            case UERD -> Uerd.costs(coef, qt);
            case J_UNIWARD -> JUniward.costs(coef, qt);
            case EBS -> Ebs.costs(coef, qt);
            default -> throw new IllegalArgumentException(id + " has costs for pixels, not JPEG coefficients");
        };
    }
}
