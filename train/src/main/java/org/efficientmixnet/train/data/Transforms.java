package org.efficientmixnet.train.data;

import java.util.SplittableRandom;

/**
 * The transforms: resizing (bilinear or bicubic as Pillow computes them, the only one that resamples), crops, flips, rotations by multiples of 90°
 * and the dihedral group D4 (pure permutations of pixels: values are never interpolated, as steganalysis
 * needs), and colour jitter.
 */
public final class Transforms {
    private Transforms() {
    }

    // ---- exact pixel permutations ----

    public static Pixels flipHorizontal(Pixels p) {
        Pixels o = Pixels.blank(p.channels(), p.height(), p.width());
        int w = p.width();
        for (int c = 0; c < p.channels(); c++) {
            for (int y = 0; y < p.height(); y++) {
                for (int x = 0; x < w; x++) {
                    o.set(c, y, x, p.get(c, y, w - 1 - x));
                }
            }
        }
        return o;
    }

    public static Pixels flipVertical(Pixels p) {
        Pixels o = Pixels.blank(p.channels(), p.height(), p.width());
        int h = p.height();
        for (int c = 0; c < p.channels(); c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(p.data(), (c * h + h - 1 - y) * p.width(), o.data(), (c * h + y) * p.width(), p.width());
            }
        }
        return o;
    }

    /** Rotation by k × 90° counter-clockwise (as numpy's rot90 on the H, W axes). */
    public static Pixels rot90(Pixels p, int k) {
        k = Math.floorMod(k, 4);
        if (k == 0) {
            return p;
        }
        Pixels cur = p;
        for (int i = 0; i < k; i++) {
            int h = cur.height();
            int w = cur.width();
            Pixels o = Pixels.blank(cur.channels(), w, h);
            for (int c = 0; c < cur.channels(); c++) {
                for (int y = 0; y < w; y++) {
                    for (int x = 0; x < h; x++) {
                        // out[y][x] = in[x][w-1-y]
                        o.set(c, y, x, cur.get(c, x, w - 1 - y));
                    }
                }
            }
            cur = o;
        }
        return cur;
    }

    /** Element {@code g} (0–7) of the dihedral group: rot90 by g mod 4, preceded by a horizontal flip when g ≥ 4. */
    public static Pixels dihedral(Pixels p, int g) {
        if (g < 0 || g > 7) {
            throw new IllegalArgumentException("D4 element must be 0–7, got " + g);
        }
        return rot90(g >= 4 ? flipHorizontal(p) : p, g & 3);
    }

    public static Pixels crop(Pixels p, int top, int left, int height, int width) {
        if (top < 0 || left < 0 || top + height > p.height() || left + width > p.width()) {
            throw new IllegalArgumentException("crop " + height + "×" + width + " at (" + top + ", " + left
                    + ") does not fit an image of " + p.height() + "×" + p.width());
        }
        Pixels o = Pixels.blank(p.channels(), height, width);
        for (int c = 0; c < p.channels(); c++) {
            for (int y = 0; y < height; y++) {
                System.arraycopy(p.data(), (c * p.height() + top + y) * p.width() + left, o.data(),
                        (c * height + y) * width, width);
            }
        }
        return o;
    }

    // ---- resampling ----

    /** Bilinear resize to exactly height × width, antialiased when shrinking, as Pillow's ({@link Resampling}). */
    public static Pixels resize(Pixels p, int height, int width) {
        return Resampling.resize(p, height, width, Resampling.Interpolation.BILINEAR);
    }

    // ---- transforms ----

    /** Scales the shorter side to {@code size}, bilinear. */
    public static Transform resizeShorter(int size) {
        return resizeShorter(size, Resampling.Interpolation.BILINEAR);
    }

    /**
     * Scales the shorter side to {@code size} and the longer one to {@code floor(size × long / short)}, as
     * torchvision's {@code Resize(size)} sizes it, with Pillow's filters.
     */
    public static Transform resizeShorter(int size, Resampling.Interpolation f) {
        return (p, rng) -> {
            int shorter = Math.min(p.height(), p.width());
            int longer = (int) ((long) size * Math.max(p.height(), p.width()) / shorter);
            boolean tall = p.height() >= p.width();
            return Resampling.resize(p, tall ? longer : size, tall ? size : longer, f);
        };
    }

    /** The centre {@code size}×{@code size} window; an image that is smaller in a side is an error. */
    public static Transform centerCrop(int size) {
        return (p, rng) -> crop(p, (p.height() - size) / 2, (p.width() - size) / 2, size, size);
    }

    public static Transform randomCrop(int size) {
        return (p, rng) -> {
            if (p.height() < size || p.width() < size) {
                return crop(p, 0, 0, size, size); // fails with the message naming both sizes
            }
            int top = rng.nextInt(p.height() - size + 1);
            int left = rng.nextInt(p.width() - size + 1);
            return crop(p, top, left, size, size);
        };
    }

    public static Transform randomHorizontalFlip(double prob) {
        return (p, rng) -> rng.nextDouble() < prob ? flipHorizontal(p) : p;
    }

    public static Transform randomVerticalFlip(double prob) {
        return (p, rng) -> rng.nextDouble() < prob ? flipVertical(p) : p;
    }

    /** A uniformly drawn rotation by 0, 90, 180 or 270°. */
    public static Transform randomRot90() {
        return (p, rng) -> rot90(p, rng.nextInt(4));
    }

    /** A uniformly drawn element of D4 (the 8 rotations and reflections of the square). */
    public static Transform randomDihedral() {
        return (p, rng) -> dihedral(p, rng.nextInt(8));
    }

    /**
     * Brightness, contrast and (colour images) saturation each scaled by a factor drawn from [1 − s, 1 + s], in that
     * order, as torchvision's ColorJitter without hue; results clamped to 0–255.
     */
    public static Transform colorJitter(double brightness, double contrast, double saturation) {
        return (p, rng) -> {
            float b = factor(rng, brightness);
            float c = factor(rng, contrast);
            float s = factor(rng, saturation);
            float[] d = p.data().clone();
            int hw = p.height() * p.width();
            for (int i = 0; i < d.length; i++) {
                d[i] = clamp(d[i] * b);
            }
            float[] gray = luma(d, p.channels(), hw);
            double mean = 0;
            for (float g : gray) {
                mean += g;
            }
            float m = (float) (mean / hw);
            for (int i = 0; i < d.length; i++) {
                d[i] = clamp((d[i] - m) * c + m);
            }
            if (p.channels() == 3) {
                gray = luma(d, 3, hw);
                for (int ch = 0; ch < 3; ch++) {
                    for (int i = 0; i < hw; i++) {
                        d[ch * hw + i] = clamp((d[ch * hw + i] - gray[i]) * s + gray[i]);
                    }
                }
            }
            return new Pixels(p.channels(), p.height(), p.width(), d);
        };
    }

    private static float[] luma(float[] d, int channels, int hw) {
        float[] g = new float[hw];
        if (channels == 3) {
            for (int i = 0; i < hw; i++) {
                g[i] = 0.299f * d[i] + 0.587f * d[hw + i] + 0.114f * d[2 * hw + i];
            }
        } else {
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < hw; i++) {
                    g[i] += d[c * hw + i] / channels;
                }
            }
        }
        return g;
    }

    private static float factor(SplittableRandom rng, double strength) {
        return strength <= 0 ? 1f : (float) (1 - strength + 2 * strength * rng.nextDouble());
    }

    private static float clamp(float v) {
        return Math.max(0f, Math.min(255f, v));
    }
}
