package org.efficientmixnet.train.data;

/**
 * A decoded image as plain floats in channel-major order (C, H, W), values on the 0–255 scale of the file.
 * Every geometric transform that only moves pixels (crops, flips, rotations by 90°) keeps values exact.
 */
public record Pixels(int channels, int height, int width, float[] data) {
    public Pixels {
        if ((long) channels * height * width != data.length) {
            throw new IllegalArgumentException("pixel buffer of " + data.length + " values does not fit " + channels + "×"
                    + height + "×" + width);
        }
    }

    public static Pixels blank(int channels, int height, int width) {
        return new Pixels(channels, height, width, new float[channels * height * width]);
    }

    public float get(int c, int y, int x) {
        return data[(c * height + y) * width + x];
    }

    public void set(int c, int y, int x, float v) {
        data[(c * height + y) * width + x] = v;
    }
}
