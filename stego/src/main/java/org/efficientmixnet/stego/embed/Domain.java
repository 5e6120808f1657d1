package org.efficientmixnet.stego.embed;

import java.util.Locale;

/**
 * Where an algorithm embeds, and with it the payload convention: spatial covers are grayscale pixels (0–255)
 * and the payload is in bits per pixel over all pixels; JPEG covers are the quantized DCT coefficients of every
 * component (2-D layout of {@link DctLayout}) with their quantization tables, and the payload is in bits per
 * non-zero AC coefficient counted over all components.
 */
public enum Domain {
    SPATIAL("bpp", "bpp"),
    JPEG("bpnzac", "bpnzAC");

    private final String unit;
    private final String label;

    Domain(String unit, String label) {
        this.unit = unit;
        this.label = label;
    }

    /** The payload unit as the manifests write it: {@code bpp} or {@code bpnzac}. */
    public String payloadUnit() {
        return unit;
    }

    /** The elements a relative payload is counted over: all pixels, or all non-zero AC coefficients. */
    public long payloadElements(int[][][] components) {
        if (this == JPEG) {
            return DctLayout.nonZeroAc(components);
        }
        long n = 0;
        for (int[][] c : components) {
            n += (long) c.length * c[0].length;
        }
        return n;
    }

    /** Checks a relative payload and turns it into the message length over the components, in bits. */
    public Payload payload(double value, int[][][] components) {
        if (Double.isNaN(value) || Double.isInfinite(value) || value < 0) {
            throw new IllegalArgumentException("payload must be a finite number >= 0 " + label + ", got " + value);
        }
        return new Payload(value, this, value * payloadElements(components));
    }

    /**
     * A relative payload and the message length it means for one cover.
     *
     * @param value  the payload in the domain's unit
     * @param domain its domain
     * @param bits   the message length, {@code value} times the element count (not rounded)
     */
    public record Payload(double value, Domain domain, double bits) {
        /** How errors name it, e.g. {@code payload 0.4 bpnzAC (1234.0 bits)}. */
        public String label() {
            return String.format(Locale.ROOT, "payload %s %s (%.1f bits)", value, domain.label, bits);
        }
    }
}
