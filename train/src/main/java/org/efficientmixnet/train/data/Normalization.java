package org.efficientmixnet.train.data;

import java.util.Arrays;
import java.util.Locale;
import org.efficientmixnet.arch.Presets;

/**
 * Per-channel mean and standard deviation applied to pixel / 255. Presets: {@code imagenet}
 * (0.485, 0.456, 0.406) / (0.229, 0.224, 0.225), {@code inception} 0.5 / 0.5, {@code none} 0 / 1; or custom
 * {@code "m1,m2,m3/s1,s2,s3"} (one value applies to every channel). For a channel count other than 3, a
 * three-value preset becomes the average of its values.
 */
public record Normalization(String spec, float[] mean, float[] std) {
    public static Normalization of(String spec, int channels) {
        String s = spec == null ? "imagenet" : spec.trim().toLowerCase(Locale.ROOT);
        float[] m;
        float[] sd;
        switch (s) {
            case "imagenet" -> {
                m = new float[] {0.485f, 0.456f, 0.406f};
                sd = new float[] {0.229f, 0.224f, 0.225f};
            }
            case "inception" -> {
                m = new float[] {0.5f};
                sd = new float[] {0.5f};
            }
            case "none" -> {
                m = new float[] {0f};
                sd = new float[] {1f};
            }
            default -> {
                String[] parts = s.split("/");
                if (parts.length != 2) {
                    throw new IllegalArgumentException("unknown normalization '" + spec
                            + "': expected imagenet, inception, none or MEAN/STD such as 0.5,0.5,0.5/0.25,0.25,0.25");
                }
                m = floats(parts[0], spec);
                sd = floats(parts[1], spec);
            }
        }
        float[] mean = fit(m, channels, spec, "mean");
        float[] std = fit(sd, channels, spec, "std");
        for (float v : std) {
            if (!(v > 0)) {
                throw new IllegalArgumentException("normalization '" + spec + "': every std must be > 0");
            }
        }
        return new Normalization(spec == null ? "imagenet" : spec, mean, std);
    }

    private static float[] floats(String csv, String spec) {
        try {
            String[] t = csv.split(",");
            float[] v = new float[t.length];
            for (int i = 0; i < t.length; i++) {
                v[i] = Float.parseFloat(t[i].trim());
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("normalization '" + spec + "': '" + csv + "' is not a list of numbers");
        }
    }

    private static float[] fit(float[] v, int channels, String spec, String what) {
        if (v.length == channels) {
            return v;
        }
        if (v.length == 1 || v.length == 3) {
            float avg = 0;
            for (float x : v) {
                avg += x / v.length;
            }
            if (v.length == 3 && channels == 3) {
                return v;
            }
            float[] out = new float[channels];
            Arrays.fill(out, v.length == 1 ? v[0] : avg);
            return out;
        }
        throw new IllegalArgumentException("normalization '" + spec + "': " + v.length + " " + what + " values for "
                + channels + " channels");
    }

    /** Writes (p / 255 − mean) / std (as torchvision's ToTensor and Normalize compute it) into {@code out} from {@code offset}. */
    public void apply(Pixels p, float[] out, int offset) {
        int hw = p.height() * p.width();
        float[] d = p.data();
        for (int c = 0; c < p.channels(); c++) {
            float m = mean[c];
            float s = std[c];
            for (int i = 0; i < hw; i++) {
                out[offset + c * hw + i] = (d[c * hw + i] / 255f - m) / s;
            }
        }
    }
}
