package org.efficientmixnet.stego.jpeg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.efficientmixnet.io.AtomicFile;

/**
 * The quantized DCT coefficients of a JPEG, with its quantization tables, component layout and metadata,
 * read without decompressing (what steganography embeds into and steganalysis reads). Baseline, extended and
 * progressive Huffman JPEGs are read, grayscale or YCbCr with any sampling, with or without restart intervals,
 * 8- and 16-bit quantization tables; arithmetic coding, lossless and hierarchical JPEGs are refused.
 * Written by hand: no Java library exposes the coefficients (ImageIO decodes straight to pixels).
 */
public final class JpegCoefficients {
    /** Zig-zag position → natural (row-major) index. */
    static final int[] ZIGZAG = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
        28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
        54, 47, 55, 62, 63};

    /** An APPn or COM segment, kept as bytes. */
    public record Segment(int marker, byte[] data) {
    }

    private final int width;
    private final int height;
    private final boolean progressive;
    private final int restartInterval;
    private final int[][] quantTables;
    private final List<JpegComponent> components;
    private final List<Segment> metadata;

    JpegCoefficients(int width, int height, boolean progressive, int restartInterval, int[][] quantTables,
            List<JpegComponent> components, List<Segment> metadata) {
        this.width = width;
        this.height = height;
        this.progressive = progressive;
        this.restartInterval = restartInterval;
        this.quantTables = quantTables;
        this.components = components;
        this.metadata = metadata;
    }

    /** Reads {@code file}; errors name it and what is wrong (truncated data, corrupt Huffman code, unsupported kind). */
    public static JpegCoefficients read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > 512L << 20) {
            throw new JpegFormatException(String.valueOf(file), size + " bytes is larger than a JPEG we read (512 MiB)");
        }
        return JpegDecoder.decode(Files.readAllBytes(file), file.toString());
    }

    /** Reads a JPEG held in memory; {@code name} stands for the file in error messages. */
    public static JpegCoefficients read(byte[] data, String name) throws IOException {
        return JpegDecoder.decode(data, name);
    }

    /** Image width in pixels. */
    public int width() { return width; }
    /** Image height in pixels. */
    public int height() { return height; }
    /** Whether the file read was progressive (what we write is always sequential). */
    public boolean progressive() { return progressive; }
    /** MCUs per restart interval in the file read, 0 for none (what we write has none). */
    public int restartInterval() { return restartInterval; }
    public int numComponents() { return components.size(); }
    /** The components in frame order (Y, Cb, Cr); their coefficients are live, not copies. */
    public List<JpegComponent> components() { return List.copyOf(components); }
    public JpegComponent component(int i) { return components.get(i); }
    /** APPn (EXIF, ICC, JFIF, Adobe …) and COM segments in file order. */
    public List<Segment> metadata() { return List.copyOf(metadata); }

    /**
     * Whether three components hold R, G, B rather than Y, Cb, Cr, decided as libjpeg does: a JFIF header means
     * YCbCr; else an Adobe APP14 segment's transform flag (0 = RGB); else component ids 'R', 'G', 'B'.
     */
    public boolean rgbCoded() {
        if (components.size() != 3) {
            return false;
        }
        Segment adobe = null;
        for (Segment s : metadata) {
            if (s.marker() == 0xE0 && startsWith(s.data(), "JFIF\0")) {
                return false;
            }
            if (s.marker() == 0xEE && adobe == null && s.data().length >= 12 && startsWith(s.data(), "Adobe")) {
                adobe = s;
            }
        }
        if (adobe != null) {
            return adobe.data()[11] == 0;
        }
        return components.get(0).id() == 'R' && components.get(1).id() == 'G' && components.get(2).id() == 'B';
    }

    private static boolean startsWith(byte[] data, String prefix) {
        if (data.length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (data[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Real-valued decompression (no rounding), {@code [channel][row][col]}: see {@link JpegPixels#spatial}. */
    public double[][][] toSpatial(JpegPixels.Space space) {
        return JpegPixels.spatial(this, space);
    }

    /** Ordinary 8-bit decompression, {@code [channel][row][col]}: see {@link JpegPixels#pixels}. */
    public int[][][] toPixels(JpegPixels.Space space) {
        return JpegPixels.pixels(this, space);
    }

    /** Quantization table {@code index} (natural order), or null when the file defines none there. */
    public int[] quantTable(int index) {
        return quantTables[index] == null ? null : quantTables[index].clone();
    }

    /** The quantization table of component {@code c}, natural order. */
    public int[] quantTableOf(int c) {
        return quantTable(components.get(c).quantTable());
    }

    int[][] quantTablesRaw() {
        return quantTables;
    }

    public int maxH() {
        return components.stream().mapToInt(JpegComponent::h).max().orElse(1);
    }

    public int maxV() {
        return components.stream().mapToInt(JpegComponent::v).max().orElse(1);
    }

    /** A deep copy, to embed into without touching the original. */
    public JpegCoefficients copy() {
        List<JpegComponent> cs = new ArrayList<>();
        for (JpegComponent c : components) {
            cs.add(c.copy());
        }
        int[][] q = new int[4][];
        for (int i = 0; i < 4; i++) {
            q[i] = quantTables[i] == null ? null : quantTables[i].clone();
        }
        return new JpegCoefficients(width, height, progressive, restartInterval, q, cs, new ArrayList<>(metadata));
    }

    /**
     * Writes a baseline (or, with 16-bit tables, extended) Huffman JPEG with the same quantization tables and
     * sampling and Huffman tables optimized for these coefficients: reading it back gives identical coefficients.
     * APPn/COM segments are kept when {@code keepMetadata}, else only a JFIF header is written (an Adobe one
     * for an {@link #rgbCoded() RGB-coded} file, so that its colours keep their meaning). The file is
     * written to a temporary name in the same folder and renamed.
     */
    public void write(Path file, boolean keepMetadata) throws IOException {
        AtomicFile.write(file, JpegEncoder.encode(this, keepMetadata));
    }

    /** The JPEG {@link #write} would write, in memory. */
    public byte[] toBytes(boolean keepMetadata) {
        return JpegEncoder.encode(this, keepMetadata);
    }
}
