package org.efficientmixnet.steganalysis;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.efficientmixnet.io.FileFormatException;
import org.efficientmixnet.stego.dataset.GrayImages;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;
import org.efficientmixnet.stego.jpeg.JpegComponent;
import org.efficientmixnet.stego.jpeg.JpegPixels;

/**
 * How images become a detector's input, saved in the run ({@code detector.json}) so that detection decodes exactly
 * as training did.
 *
 * <ul>
 *   <li><b>JPEG, {@code jpeg = unrounded}</b> (the default): decompressed from the quantized DCT coefficients read by
 *   the stego module: each coefficient × its quantization step, the orthonormal 8×8 inverse DCT in double precision,
 *   + 128, with no rounding and no clipping. Chroma (colour) is upsampled as libjpeg does by default ("fancy"
 *   upsampling: a triangle filter, weights 3/4 and 1/4 per direction, edge samples replicated, for 2×1, 1×2 and 2×2
 *   sampling; replication for other factors), on the real values.</li>
 *   <li><b>JPEG, {@code jpeg = rounded}</b>: decoded as a viewer does, 8-bit, exactly as libjpeg's default decoder
 *   ({@code djpeg}: integer IDCT, fancy upsampling, libjpeg's colour conversion; the stego module's
 *   {@code JpegPixels.pixels}), for comparison.</li>
 *   <li><b>Spatial images</b> (PNG, PGM, BMP, GIF, TIFF): their 8-bit pixels.</li>
 * </ul>
 * Channels: {@code gray} is 1 channel (the luminance of a colour JPEG, the luma 0.299 R + 0.587 G + 0.114 B of a colour
 * spatial image); {@code ycbcr} is Y, Cb, Cr (a gray image gets Cb = Cr = 128); {@code rgb} is R, G, B (JFIF
 * conversion of the real-valued YCbCr for JPEGs, unrounded; a gray image repeated). Then each channel is scaled:
 * {@code v = (x − offset[c]) · scale[c]}, x in pixel units (0–255 for 8-bit data): {@code pixels} scaling (the
 * default from scratch) is {@code x − 128}, {@code unit} is {@code x / 255}, {@code imagenet} is timm's ImageNet
 * normalization of {@code x / 255} (the default with pretrained weights).
 *
 * @param color   gray, ycbcr or rgb
 * @param jpeg    unrounded or rounded
 * @param scaling the name of the scaling (unit or imagenet)
 * @param offset  per channel, in pixel units
 * @param scale   per channel
 */
public record InputDecoding(String color, String jpeg, String scaling, float[] offset, float[] scale) {

    /** A decoded image: {@code data} in (C, H, W) order. */
    public record Image(Path file, float[] data, int channels, int height, int width) {
    }

    public InputDecoding {
        if (!List.of("gray", "ycbcr", "rgb").contains(color)) {
            throw new IllegalArgumentException("unknown --color '" + color + "': expected gray, ycbcr or rgb");
        }
        if (!List.of("unrounded", "rounded").contains(jpeg)) {
            throw new IllegalArgumentException("unknown --jpeg-input '" + jpeg + "': expected unrounded or rounded");
        }
        int c = color.equals("gray") ? 1 : 3;
        if (offset.length != c || scale.length != c) {
            throw new IllegalArgumentException("scaling has " + offset.length + "/" + scale.length + " values for " + c
                    + " channels");
        }
    }

    /**
     * The decoding with a named scaling: {@code pixels} (x − 128: pixel units, the default from scratch, so that a
     * ±1 embedding change stays far above batch normalization's epsilon), {@code unit} (x / 255) or {@code imagenet}
     * ((x / 255 − mean) / std, timm's; the default with pretrained weights).
     */
    public static InputDecoding of(String color, String jpeg, String scaling) {
        int c = "gray".equals(color) ? 1 : 3;
        float[] off = new float[c];
        float[] sc = new float[c];
        switch (scaling) {
            case "pixels" -> {
                java.util.Arrays.fill(off, 128f);
                java.util.Arrays.fill(sc, 1f);
            }
            case "unit" -> java.util.Arrays.fill(sc, 1f / 255f);
            case "imagenet" -> {
                // timm: ImageNet mean/std; one channel takes their averages (0.449, 0.226)
                float[] mean = c == 1 ? new float[] {0.449f} : new float[] {0.485f, 0.456f, 0.406f};
                float[] std = c == 1 ? new float[] {0.226f} : new float[] {0.229f, 0.224f, 0.225f};
                if ("ycbcr".equals(color)) {
                    throw new IllegalArgumentException("--scaling imagenet is for rgb or gray input, not ycbcr");
                }
                for (int i = 0; i < c; i++) {
                    off[i] = 255f * mean[i];
                    sc[i] = 1f / (255f * std[i]);
                }
            }
            default -> throw new IllegalArgumentException("unknown --scaling '" + scaling
                    + "': expected pixels, unit or imagenet");
        }
        return new InputDecoding(color, jpeg, scaling, off, sc);
    }

    public int channels() {
        return color.equals("gray") ? 1 : 3;
    }

    static boolean isJpeg(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(2);
            return b.length == 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8;
        }
    }

    /** Decodes and scales one image; a file that cannot be decoded is a {@link FileFormatException} naming it. */
    public Image decode(Path file) throws IOException {
        double[][][] planes = isJpeg(file) ? jpegPlanes(file) : spatialPlanes(file);
        int c = planes.length;
        int h = planes[0].length;
        int w = planes[0][0].length;
        float[] out = new float[c * h * w];
        int i = 0;
        for (int k = 0; k < c; k++) {
            float o = offset[k];
            float s = scale[k];
            for (int y = 0; y < h; y++) {
                double[] row = planes[k][y];
                for (int x = 0; x < w; x++) {
                    out[i++] = (float) ((row[x] - o) * s);
                }
            }
        }
        return new Image(file, out, c, h, w);
    }

    /** The real-valued planes of a JPEG as this decoding takes them, in pixel units, before scaling. */
    public double[][][] jpegPlanes(Path file) throws IOException {
        JpegCoefficients j;
        try {
            j = JpegCoefficients.read(file);
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().startsWith(file.toString()) ? e
                    : new FileFormatException(file, e.getMessage(), e);
        }
        boolean colour = j.numComponents() >= 3;
        if (jpeg.equals("rounded")) {
            int[][][] px = switch (color) {
                case "gray" -> new int[][][] {JpegPixels.gray8(j)};
                case "rgb" -> JpegPixels.pixels(j, JpegPixels.Space.RGB);
                default -> colour ? JpegPixels.pixels(j, JpegPixels.Space.YCBCR) : grayAsYcc(JpegPixels.gray8(j));
            };
            return toDouble(px);
        }
        if (color.equals("gray") || !colour) {
            double[][] y = fullSize(j, 0);
            return switch (color) {
                case "gray" -> new double[][][] {y};
                case "rgb" -> new double[][][] {y, y, y};
                default -> new double[][][] {y, constant(y, 128), constant(y, 128)};
            };
        }
        double[][][] ycc = {fullSize(j, 0), fullSize(j, 1), fullSize(j, 2)};
        if (color.equals("ycbcr") || j.rgbCoded()) {
            return ycc;
        }
        return JpegPixels.ycbcrToRgb(ycc);
    }

    /** Component {@code c}, unrounded, upsampled to the image size as libjpeg's default (fancy) upsampling does. */
    static double[][] fullSize(JpegCoefficients j, int c) {
        double[][] plane = JpegPixels.component(j, c);
        JpegComponent comp = j.component(c);
        int fx = j.maxH() / comp.h();
        int fy = j.maxV() / comp.v();
        if (j.maxH() % comp.h() != 0 || j.maxV() % comp.v() != 0) {
            throw new IllegalArgumentException("component " + comp.id() + " has fractional sampling");
        }
        return upsample(plane, fx, fy, j.width(), j.height());
    }

    /**
     * libjpeg's default upsampling on real values: for 2×1, 1×2 and 2×2 the triangle ("fancy") filter, each output
     * sample 3/4 of the nearer input and 1/4 of the next one per upsampled direction, edge samples replicated (no
     * rounding bias, as the values are not rounded); other factors replicate. Cropped to {@code w × h}.
     */
    static double[][] upsample(double[][] in, int fx, int fy, int w, int h) {
        int ih = in.length;
        int iw = in[0].length;
        if (fx == 1 && fy == 1) {
            return in;
        }
        boolean fancy = (fx == 2 || fx == 1) && (fy == 2 || fy == 1);
        double[][] out = new double[h][w];
        if (!fancy) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[y][x] = in[Math.min(ih - 1, y / fy)][Math.min(iw - 1, x / fx)];
                }
            }
            return out;
        }
        // vertical pass: rows of (3·near + far) / 4, or the row itself
        double[][] v = new double[fy == 2 ? 2 * ih : ih][];
        if (fy == 2) {
            for (int r = 0; r < ih; r++) {
                double[] up = new double[iw];
                double[] dn = new double[iw];
                double[] prev = in[Math.max(0, r - 1)];
                double[] next = in[Math.min(ih - 1, r + 1)];
                for (int x = 0; x < iw; x++) {
                    up[x] = (3 * in[r][x] + prev[x]) / 4;
                    dn[x] = (3 * in[r][x] + next[x]) / 4;
                }
                v[2 * r] = up;
                v[2 * r + 1] = dn;
            }
        } else {
            v = in;
        }
        for (int y = 0; y < h; y++) {
            double[] row = v[Math.min(v.length - 1, y)];
            if (fx == 2) {
                for (int x = 0; x < w; x++) {
                    int c = x >> 1;
                    int other = (x & 1) == 0 ? Math.max(0, c - 1) : Math.min(iw - 1, c + 1);
                    out[y][x] = (3 * row[Math.min(iw - 1, c)] + row[other]) / 4;
                }
            } else {
                System.arraycopy(row, 0, out[y], 0, w);
            }
        }
        return out;
    }

    private double[][][] spatialPlanes(Path file) throws IOException {
        if (color.equals("gray")) {
            int[][] g;
            try {
                g = GrayImages.read(file);
            } catch (IOException e) {
                throw new FileFormatException(file, "cannot decode the image (" + e.getMessage() + ")", e);
            }
            return toDouble(new int[][][] {g});
        }
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new FileFormatException(file, "cannot decode the image (" + e.getMessage() + ")", e);
        }
        if (img == null) {
            // PGM and other gray formats ImageIO lacks
            int[][] g = GrayImages.read(file);
            return color.equals("rgb") ? toDouble(new int[][][] {g, g, g}) : toDouble(grayAsYcc(g));
        }
        int h = img.getHeight();
        int w = img.getWidth();
        double[][][] out = new double[3][h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, y);
                double r = (p >> 16) & 0xff;
                double g = (p >> 8) & 0xff;
                double b = p & 0xff;
                if (color.equals("rgb")) {
                    out[0][y][x] = r;
                    out[1][y][x] = g;
                    out[2][y][x] = b;
                } else { // JFIF RGB → YCbCr, real-valued
                    out[0][y][x] = 0.299 * r + 0.587 * g + 0.114 * b;
                    out[1][y][x] = -0.168735892 * r - 0.331264108 * g + 0.5 * b + 128;
                    out[2][y][x] = 0.5 * r - 0.418687589 * g - 0.081312411 * b + 128;
                }
            }
        }
        return out;
    }

    private static int[][][] grayAsYcc(int[][] g) {
        int[][] c = new int[g.length][g[0].length];
        for (int[] row : c) {
            java.util.Arrays.fill(row, 128);
        }
        return new int[][][] {g, c, c};
    }

    private static double[][] constant(double[][] like, double v) {
        double[][] out = new double[like.length][like[0].length];
        for (double[] row : out) {
            java.util.Arrays.fill(row, v);
        }
        return out;
    }

    private static double[][][] toDouble(int[][][] px) {
        double[][][] out = new double[px.length][px[0].length][px[0][0].length];
        for (int c = 0; c < px.length; c++) {
            for (int y = 0; y < px[0].length; y++) {
                for (int x = 0; x < px[0][0].length; x++) {
                    out[c][y][x] = px[c][y][x];
                }
            }
        }
        return out;
    }

    /** One line for logs: the decoding and the scaling. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(color).append(" (").append(channels()).append(channels() == 1 ? " channel" : " channels")
                .append("), JPEG ").append(jpeg).append(", scaling ").append(scaling).append(": v = (x − ");
        for (int i = 0; i < offset.length; i++) {
            sb.append(i == 0 ? "" : "/").append(String.format(Locale.ROOT, "%.4g", offset[i]));
        }
        sb.append(") · ");
        for (int i = 0; i < scale.length; i++) {
            sb.append(i == 0 ? "" : "/").append(String.format(Locale.ROOT, "%.6g", scale[i]));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputDecoding d && d.color.equals(color) && d.jpeg.equals(jpeg)
                && java.util.Arrays.equals(d.offset, offset) && java.util.Arrays.equals(d.scale, scale);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(color, jpeg, java.util.Arrays.hashCode(offset), java.util.Arrays.hashCode(scale));
    }

    @Override
    public String toString() {
        return describe();
    }
}
