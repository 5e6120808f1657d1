package org.efficientmixnet.train.data;

import java.util.Locale;

/**
 * Image resizing as Pillow's {@code Image.resize} computes it, which is what torchvision's {@code Resize} and timm's
 * evaluation transforms run on PIL images: separable (rows, then columns), each output pixel a weighted sum of the
 * input pixels under a filter that is stretched by the scale factor when shrinking, so that a 4000-pixel photograph
 * brought down to 256 is averaged (antialiased) instead of sampled at a few points; the weights of each output pixel
 * are normalised to sum to 1, which is also how the borders are handled. Written here because Java2D's scaling does
 * not antialias and no library on our classpath reproduces Pillow's kernels. Values stay float (Pillow rounds 8-bit
 * images to integers after each pass), so results agree with Pillow's within one grey level.
 */
public final class Resampling {
    private Resampling() {
    }

    /** The filters, with Pillow's supports: bilinear (triangle, 1) and bicubic (Keys, a = −0.5, 2). */
    public enum Interpolation {
        BILINEAR(1) {
            @Override
            double weight(double x) {
                x = Math.abs(x);
                return x < 1 ? 1 - x : 0;
            }
        },
        BICUBIC(2) {
            @Override
            double weight(double x) {
                final double a = -0.5;
                x = Math.abs(x);
                if (x < 1) {
                    return ((a + 2) * x - (a + 3)) * x * x + 1;
                }
                if (x < 2) {
                    return (((x - 5) * x + 8) * x - 4) * a;
                }
                return 0;
            }
        };

        final double support;

        Interpolation(double support) {
            this.support = support;
        }

        abstract double weight(double x);

        /** By timm's and torchvision's names; null means bilinear, torchvision's default. */
        public static Interpolation fromName(String name) {
            if (name == null) {
                return BILINEAR;
            }
            return switch (name.strip().toLowerCase(Locale.ROOT)) {
                case "bilinear" -> BILINEAR;
                case "bicubic" -> BICUBIC;
                default -> throw new IllegalArgumentException("unknown interpolation '" + name
                        + "': expected bilinear or bicubic");
            };
        }
    }

    /** For each output index, the first input index and the normalised weights of the inputs from there on. */
    record Coefficients(int[] first, double[][] weights) {
    }

    /** Pillow's {@code precompute_coeffs}: the filter centred on each output pixel, stretched when shrinking. */
    static Coefficients coefficients(int in, int out, Interpolation f) {
        double scale = (double) in / out;
        double filterScale = Math.max(scale, 1.0);
        double support = f.support * filterScale;
        int[] first = new int[out];
        double[][] weights = new double[out][];
        for (int o = 0; o < out; o++) {
            double center = (o + 0.5) * scale;
            int lo = Math.max((int) (center - support + 0.5), 0);
            int hi = Math.min((int) (center + support + 0.5), in);
            double[] w = new double[Math.max(hi - lo, 0)];
            double sum = 0;
            for (int i = 0; i < w.length; i++) {
                w[i] = f.weight((i + lo - center + 0.5) / filterScale);
                sum += w[i];
            }
            if (sum != 0) {
                for (int i = 0; i < w.length; i++) {
                    w[i] /= sum;
                }
            }
            first[o] = lo;
            weights[o] = w;
        }
        return new Coefficients(first, weights);
    }

    /** {@code p} resized to exactly height × width, values clamped to 0–255 as an 8-bit image's are. */
    public static Pixels resize(Pixels p, int height, int width, Interpolation f) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("cannot resize to " + height + "×" + width);
        }
        if (height == p.height() && width == p.width()) {
            return p;
        }
        Pixels rows = p;
        if (width != p.width()) {
            Coefficients cx = coefficients(p.width(), width, f);
            rows = Pixels.blank(p.channels(), p.height(), width);
            for (int c = 0; c < p.channels(); c++) {
                for (int y = 0; y < p.height(); y++) {
                    int base = (c * p.height() + y) * p.width();
                    for (int x = 0; x < width; x++) {
                        double[] w = cx.weights()[x];
                        int lo = cx.first()[x];
                        double s = 0;
                        for (int i = 0; i < w.length; i++) {
                            s += w[i] * p.data()[base + lo + i];
                        }
                        rows.set(c, y, x, clamp(s));
                    }
                }
            }
        }
        if (height == rows.height()) {
            return rows;
        }
        Coefficients cy = coefficients(rows.height(), height, f);
        Pixels o = Pixels.blank(p.channels(), height, width);
        for (int c = 0; c < p.channels(); c++) {
            int plane = c * rows.height() * width;
            for (int y = 0; y < height; y++) {
                double[] w = cy.weights()[y];
                int lo = cy.first()[y];
                for (int x = 0; x < width; x++) {
                    double s = 0;
                    for (int i = 0; i < w.length; i++) {
                        s += w[i] * rows.data()[plane + (lo + i) * width + x];
                    }
                    o.set(c, y, x, clamp(s));
                }
            }
        }
        return o;
    }

    private static float clamp(double v) {
        return (float) Math.max(0, Math.min(255, v));
    }
}
