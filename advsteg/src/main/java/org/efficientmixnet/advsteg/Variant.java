package org.efficientmixnet.advsteg;

import java.util.Locale;

/**
 * How Alice makes the stego. {@link #REFERENCE} is Hayes &amp; Danezis as the PyTorch port defines it: Alice's
 * output IS the stego, so she must regenerate the whole cover through her linear layer, and the L1 term prices the
 * whole image. {@code residual} (a named variant, not the reference): Alice's output, the same network with the same
 * layers and names, is a bounded perturbation ADDED to the cover, {@code stego = clamp(cover + strength·Alice(cover,
 * message), −1, 1)}, as HiDDeN (Zhu, Kaplan, Johnson, Fei-Fei, ECCV 2018) and StegaStamp (Tancik, Mildenhall, Ng,
 * CVPR 2020) encode a message as a residual on the cover: the cover never has to pass through Alice's bottleneck and
 * the L1 term prices only the perturbation. Bob, Eve, the losses and the training step stay the reference's.
 *
 * @param name     {@code reference} or {@code residual}
 * @param strength the residual's largest amplitude on the [−1, 1] scale (0.5, the default, is ±63.75 grey levels); 0 for the
 *                 reference
 */
public record Variant(String name, double strength) {
    public static final Variant REFERENCE = new Variant("reference", 0);
    /** The residual variant's default strength: at most ±63.75 of 255 grey levels (measured trade-off, docs/advsteg.md). */
    public static final double DEFAULT_STRENGTH = 0.5;

    public Variant {
        name = name == null ? "" : name.toLowerCase(Locale.ROOT);
        switch (name) {
            case "reference" -> {
                if (strength != 0) {
                    throw new IllegalArgumentException("--strength applies to --variant residual only, got " + strength
                            + " with the reference");
                }
            }
            case "residual" -> {
                if (!(strength > 0 && strength <= 2)) {
                    throw new IllegalArgumentException("--strength must be in (0, 2] (the [−1, 1] image scale), got " + strength);
                }
            }
            default -> throw new IllegalArgumentException("unknown --variant '" + name + "': expected reference or residual");
        }
    }

    /** The residual variant at {@code strength}. */
    public static Variant residual(double strength) {
        return new Variant("residual", strength);
    }

    /** {@code name} with the given strength, or the default one (null) for the residual variant. */
    public static Variant of(String name, Double strength) {
        String n = name == null ? "reference" : name.toLowerCase(Locale.ROOT);
        if (n.equals("residual")) {
            return residual(strength == null ? DEFAULT_STRENGTH : strength);
        }
        return new Variant(n, strength == null ? 0 : strength);
    }

    public boolean residual() {
        return name.equals("residual");
    }

    @Override
    public String toString() {
        return residual() ? String.format(Locale.ROOT, "residual (strength %s)", strength) : name;
    }
}
