package org.efficientmixnet.stego.jpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Against libjpeg: fixtures made by stego/src/test/fixtures/jpeg/make_jpeg_fixtures.sh (coefficients from
 * jpeg_read_coefficients, pixels from djpeg -dct float -nosmooth).
 */
class JpegCoefficientsTest {
    /** Every fixture with libjpeg's coefficients (.coef) and djpeg's pixels (.pnm). */
    static final String[] ALL = {"gray_baseline", "ycc444", "ycc422", "ycc420", "ycc440", "ycc411", "progressive420",
        "progressive_gray", "progressive444", "progressive_restart", "restart_rows", "restart_blocks", "q16bit",
        "optimized", "commented", "exif", "separate_scans", "rgb"};

    static String[] allFixtures() {
        return ALL;
    }

    @TempDir
    Path tmp;

    static Path fixture(String name) throws Exception {
        return Paths.get(JpegCoefficientsTest.class.getResource("/jpeg/" + name).toURI());
    }

    /** Checks every component's geometry, quantization table and coefficients against libjpeg's dump. */
    static void assertMatchesDump(JpegCoefficients j, Path dump) throws IOException {
        List<String> lines = Files.readAllLines(dump, StandardCharsets.US_ASCII);
        String[] img = lines.get(0).split(" ");
        assertEquals(Integer.parseInt(img[1]), j.width());
        assertEquals(Integer.parseInt(img[2]), j.height());
        assertEquals(Integer.parseInt(img[3]), j.numComponents());
        int li = 1;
        for (int c = 0; c < j.numComponents(); c++) {
            String[] h = lines.get(li++).split(" ");
            JpegComponent comp = j.component(c);
            assertEquals(Integer.parseInt(h[2]), comp.id());
            assertEquals(Integer.parseInt(h[3]), comp.h());
            assertEquals(Integer.parseInt(h[4]), comp.v());
            assertEquals(Integer.parseInt(h[5]), comp.widthInBlocks(), "width in blocks of component " + c);
            assertEquals(Integer.parseInt(h[6]), comp.heightInBlocks(), "height in blocks of component " + c);
            int[] q = Arrays.stream(lines.get(li++).split(" ")).mapToInt(Integer::parseInt).toArray();
            assertArrayEquals(q, j.quantTableOf(c), "quantization table of component " + c);
            for (int r = 0; r < comp.heightInBlocks(); r++) {
                for (int b = 0; b < comp.widthInBlocks(); b++) {
                    int[] expected = Arrays.stream(lines.get(li++).split(" ")).mapToInt(Integer::parseInt).toArray();
                    for (int k = 0; k < 64; k++) {
                        if (expected[k] != comp.get(r, b, k)) {
                            throw new AssertionError(dump.getFileName() + ": component " + c + " block (" + r + ", " + b
                                    + ") coefficient " + k + ": expected " + expected[k] + ", got " + comp.get(r, b, k));
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("allFixtures")
    void coefficientsEqualLibjpegs(String name) throws Exception {
        JpegCoefficients j = JpegCoefficients.read(fixture(name + ".jpg"));
        assertMatchesDump(j, fixture(name + ".coef"));
    }

    @ParameterizedTest
    @MethodSource("allFixtures")
    void rewriteIsLossless(String name) throws Exception {
        JpegCoefficients j = JpegCoefficients.read(fixture(name + ".jpg"));
        Path out = tmp.resolve(name + ".jpg");
        j.write(out, true);
        JpegCoefficients back = JpegCoefficients.read(out);
        assertMatchesDump(back, fixture(name + ".coef"));
        assertFalse(back.progressive());
        // and ImageIO (an independent decoder) reads what we wrote (it has no reader for 16-bit tables)
        if (!name.equals("q16bit")) {
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(out.toFile());
            assertEquals(j.width(), img.getWidth());
            assertEquals(j.height(), img.getHeight());
        }
    }

    /** djpeg's PGM/PPM output: width, height and the samples. */
    static int[] readPnm(Path p, int[] dims) throws IOException {
        byte[] b = Files.readAllBytes(p);
        int pos = 0;
        String[] tokens = new String[4];
        for (int t = 0; t < 4; t++) {
            while (Character.isWhitespace(b[pos])) {
                pos++;
            }
            int start = pos;
            while (!Character.isWhitespace(b[pos])) {
                pos++;
            }
            tokens[t] = new String(b, start, pos - start, StandardCharsets.US_ASCII);
        }
        pos++;
        dims[0] = Integer.parseInt(tokens[1]);
        dims[1] = Integer.parseInt(tokens[2]);
        dims[2] = tokens[0].equals("P5") ? 1 : 3;
        int[] s = new int[b.length - pos];
        for (int i = 0; i < s.length; i++) {
            s[i] = b[pos + i] & 0xff;
        }
        return s;
    }

    @ParameterizedTest
    @MethodSource("allFixtures")
    void pixelsEqualDjpegsDefaultDecoder(String name) throws Exception {
        JpegCoefficients j = JpegCoefficients.read(fixture(name + ".jpg"));
        int[] dims = new int[3];
        int[] ref = readPnm(fixture(name + ".djpeg.pnm"), dims);
        assertEquals(j.width(), dims[0]);
        assertEquals(j.height(), dims[1]);
        int[][][] planes = j.toPixels(dims[2] == 1 ? JpegPixels.Space.Y : JpegPixels.Space.RGB);
        assertEquals(dims[2], planes.length);
        int differing = 0;
        String first = null;
        for (int y = 0; y < dims[1]; y++) {
            for (int x = 0; x < dims[0]; x++) {
                for (int c = 0; c < dims[2]; c++) {
                    int want = ref[(y * dims[0] + x) * dims[2] + c];
                    if (planes[c][y][x] != want) {
                        differing++;
                        if (first == null) {
                            first = "(" + y + "," + x + ") channel " + c + ": " + planes[c][y][x] + " vs " + want;
                        }
                    }
                }
            }
        }
        assertEquals(0, differing, name + ": samples differing from djpeg, first at " + first);
        if (dims[2] == 3) {
            int[][][] hwc = JpegPixels.rgb(j);
            assertEquals(ref[3 * (dims[0] + 1) + 1], hwc[1][1][1]);
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"gray_baseline", "progressive_gray"})
    void realValuedDecompressionWithinOneOfDjpegFloat(String name) throws Exception {
        // the unrounded path, rounded here, against djpeg -dct float (grayscale: no upsampling, no conversion)
        JpegCoefficients j = JpegCoefficients.read(fixture(name + ".jpg"));
        int[] dims = new int[3];
        int[] ref = readPnm(fixture(name + ".pnm"), dims);
        double[][][] planes = j.toSpatial(dims[2] == 1 ? JpegPixels.Space.Y : JpegPixels.Space.RGB);
        int worst = 0;
        for (int y = 0; y < dims[1]; y++) {
            for (int x = 0; x < dims[0]; x++) {
                for (int c = 0; c < dims[2]; c++) {
                    int v = (int) Math.max(0, Math.min(255, Math.round(planes[c][y][x])));
                    worst = Math.max(worst, Math.abs(v - ref[(y * dims[0] + x) * dims[2] + c]));
                }
            }
        }
        assertTrue(worst <= 1, name + ": differs from djpeg -dct float -nosmooth by " + worst);
    }

    @Test
    void realValuedDecompressionIsUnrounded() throws Exception {
        JpegCoefficients j = JpegCoefficients.read(fixture("gray_baseline.jpg"));
        double[][] y = JpegPixels.component(j, 0);
        assertEquals(29, y.length);
        assertEquals(37, y[0].length);
        boolean fractional = false;
        for (double[] row : y) {
            for (double v : row) {
                fractional |= v != Math.rint(v);
            }
        }
        assertTrue(fractional, "values are not rounded");
        // a lone DC coefficient d gives a flat block of d·q/8 + 128
        double[] f = new double[64];
        f[0] = 80;
        double[] p = new double[64];
        JpegPixels.idct(f, p);
        for (double v : p) {
            assertEquals(10.0, v, 1e-12);
        }
    }

    @Test
    void layoutIsRowEightIPlusKColumnEightJPlusL() throws Exception {
        JpegCoefficients j = JpegCoefficients.read(fixture("ycc420.jpg"));
        JpegComponent y = j.component(0);
        int[][] layout = y.toLayout();
        assertEquals(y.heightInBlocks() * 8, layout.length);
        assertEquals(y.widthInBlocks() * 8, layout[0].length);
        assertEquals(y.get(2, 3, 8 * 4 + 5), layout[8 * 2 + 4][8 * 3 + 5]);
        layout[8 * 2 + 4][8 * 3 + 5] += 1;
        y.fromLayout(layout);
        Path out = tmp.resolve("changed.jpg");
        j.write(out, false);
        JpegCoefficients back = JpegCoefficients.read(out);
        assertEquals(y.get(2, 3, 37), back.component(0).get(2, 3, 37));
        assertTrue(back.metadata().stream().allMatch(s -> s.marker() == 0xE0), "only a JFIF header when stripped");
    }

    @Test
    void metadataKeptOrStripped() throws Exception {
        JpegCoefficients j = JpegCoefficients.read(fixture("commented.jpg"));
        assertTrue(j.metadata().stream().anyMatch(s -> s.marker() == 0xFE
                && new String(s.data(), StandardCharsets.US_ASCII).contains("EfficientMixNet fixture")));
        Path kept = tmp.resolve("kept.jpg");
        Path stripped = tmp.resolve("stripped.jpg");
        j.write(kept, true);
        j.write(stripped, false);
        assertTrue(JpegCoefficients.read(kept).metadata().stream().anyMatch(s -> s.marker() == 0xFE));
        assertTrue(JpegCoefficients.read(stripped).metadata().stream().noneMatch(s -> s.marker() == 0xFE));
    }

    @Test
    void badFilesGiveClearErrors() throws Exception {
        byte[] good = Files.readAllBytes(fixture("ycc420.jpg"));
        Path truncated = tmp.resolve("truncated.jpg");
        Files.write(truncated, Arrays.copyOf(good, good.length / 2));
        JpegFormatException e = assertThrows(JpegFormatException.class, () -> JpegCoefficients.read(truncated));
        assertTrue(e.getMessage().startsWith(truncated.toString()) && e.getMessage().contains("truncated"), e.getMessage());
        assertEquals(truncated, e.file());
        // the project's one bad-file exception: what per-file isolation (embed job, cover preparation) catches
        org.efficientmixnet.io.FileFormatException asBadFile = e;
        assertEquals(e.getMessage(), asBadFile.getMessage());

        Path corrupt = tmp.resolve("corrupt.jpg");
        byte[] bad = good.clone();
        int sos = 0;
        for (int i = 0; i + 1 < bad.length; i++) {
            if ((bad[i] & 0xff) == 0xFF && (bad[i + 1] & 0xff) == 0xDA) {
                sos = i;
            }
        }
        for (int i = sos + 20; i < sos + 60; i++) {
            bad[i] = (byte) 0xFE; // long runs of ones: no valid Huffman code
        }
        Files.write(corrupt, bad);
        e = assertThrows(JpegFormatException.class, () -> JpegCoefficients.read(corrupt));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());

        e = assertThrows(JpegFormatException.class, () -> JpegCoefficients.read(fixture("arithmetic.jpg")));
        assertTrue(e.getMessage().contains("arithmetic"), e.getMessage());

        Path text = tmp.resolve("notes.jpg");
        Files.writeString(text, "not a picture");
        e = assertThrows(JpegFormatException.class, () -> JpegCoefficients.read(text));
        assertTrue(e.getMessage().contains("not a JPEG"), e.getMessage());
    }

    /** Offset of the first byte after marker 0xFF{@code marker}, or -1. */
    static int markerAt(byte[] b, int marker) {
        for (int i = 2; i + 1 < b.length; i++) {
            if ((b[i] & 0xff) == 0xFF && (b[i + 1] & 0xff) == marker) {
                return i + 2;
            }
        }
        return -1;
    }

    @Test
    void absurdFrameSizeIsRefusedBeforeAllocating() throws Exception {
        byte[] b = Files.readAllBytes(fixture("ycc420.jpg"));
        int sof = markerAt(b, 0xC0);
        // length (2), precision (1), then height and width
        b[sof + 3] = (byte) 0xFF;
        b[sof + 4] = (byte) 0xDC;
        b[sof + 5] = (byte) 0xFF;
        b[sof + 6] = (byte) 0xDC;
        JpegFormatException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
                () -> assertThrows(JpegFormatException.class, () -> JpegCoefficients.read(b, "huge.jpg")));
        assertTrue(e.getMessage().startsWith("huge.jpg: frame header claims 65500×65500 pixels"), e.getMessage());
    }

    @Test
    void scanCutShortBeforeAnEndMarkerIsAnError() throws Exception {
        byte[] good = Files.readAllBytes(fixture("ycc420.jpg"));
        byte[] cut = Arrays.copyOf(good, good.length / 2 + 2);
        cut[cut.length - 2] = (byte) 0xFF;
        cut[cut.length - 1] = (byte) 0xD9;
        JpegFormatException e = assertThrows(JpegFormatException.class, () -> JpegCoefficients.read(cut, "cut.jpg"));
        assertTrue(e.getMessage().startsWith("cut.jpg: unexpected end of data in scan 1 at byte "), e.getMessage());
        assertTrue(e.getMessage().contains("0xFFD9"), e.getMessage());
    }

    @Test
    void undefinedTablesAndBadSegmentsAreNamed() throws Exception {
        byte[] b = Files.readAllBytes(fixture("gray_baseline.jpg"));
        byte[] noDqt = b.clone();
        noDqt[markerAt(noDqt, 0xDB) + 2] = 3; // the only table becomes table 3
        JpegFormatException e = assertThrows(JpegFormatException.class, () -> JpegCoefficients.read(noDqt, "q.jpg"));
        assertTrue(e.getMessage().contains("quantization table 0, which is not defined"), e.getMessage());

        byte[] zeroStep = b.clone();
        zeroStep[markerAt(zeroStep, 0xDB) + 3] = 0;
        e = assertThrows(JpegFormatException.class, () -> JpegCoefficients.read(zeroStep, "z.jpg"));
        assertTrue(e.getMessage().contains("zero step"), e.getMessage());

        byte[] twelveBit = b.clone();
        twelveBit[markerAt(twelveBit, 0xC0) + 2] = 12;
        e = assertThrows(JpegFormatException.class, () -> JpegCoefficients.read(twelveBit, "p12.jpg"));
        assertEquals("p12.jpg: 12-bit samples are not supported (only 8-bit)", e.getMessage());
    }

    @Test
    void exifAndIccSegmentsKeptInOrderOrStripped() throws Exception {
        JpegCoefficients j = JpegCoefficients.read(fixture("exif.jpg"));
        List<JpegCoefficients.Segment> meta = j.metadata();
        assertEquals(List.of(0xE1, 0xE0, 0xE2), meta.stream().map(JpegCoefficients.Segment::marker).toList());
        assertEquals("Exif", new String(meta.get(0).data(), 0, 4, StandardCharsets.US_ASCII));
        assertEquals("ICC_PROFILE", new String(meta.get(2).data(), 0, 11, StandardCharsets.US_ASCII));
        Path kept = tmp.resolve("kept.jpg");
        j.write(kept, true);
        List<JpegCoefficients.Segment> back = JpegCoefficients.read(kept).metadata();
        assertEquals(meta.size(), back.size());
        for (int i = 0; i < meta.size(); i++) {
            assertEquals(meta.get(i).marker(), back.get(i).marker());
            assertArrayEquals(meta.get(i).data(), back.get(i).data(), "segment " + i);
        }
        Path stripped = tmp.resolve("stripped.jpg");
        j.write(stripped, false);
        assertEquals(List.of(0xE0), JpegCoefficients.read(stripped).metadata().stream()
                .map(JpegCoefficients.Segment::marker).toList());
    }

    /**
     * libjpeg reads what we write and, the coefficients being equal, decodes it to exactly the pixels of the
     * original. Runs only where {@code djpeg} is installed (the fixture script needs it; the suite does not).
     */
    @ParameterizedTest
    @MethodSource("allFixtures")
    void djpegDecodesTheRewriteLikeTheOriginal(String name) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(djpegAvailable(), "djpeg not installed");
        Path out = tmp.resolve(name + ".jpg");
        JpegCoefficients.read(fixture(name + ".jpg")).write(out, false);
        assertArrayEquals(djpeg(fixture(name + ".jpg")), djpeg(out), name);
    }

    static boolean djpegAvailable() {
        try {
            Process p = new ProcessBuilder("djpeg", "-version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static byte[] djpeg(Path jpeg) throws Exception {
        Process p = new ProcessBuilder("djpeg", "-dct", "float", "-nosmooth", "-pnm", jpeg.toString()).start();
        byte[] pnm = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "djpeg " + jpeg + ": " + err);
        assertEquals("", err, "djpeg warns about " + jpeg);
        return pnm;
    }

    @Test
    void coefficientsAnEightBitJpegCannotCodeAreNamed() throws Exception {
        JpegCoefficients j = JpegCoefficients.read(fixture("ycc444.jpg"));
        j.component(1).set(2, 3, 9, 1024);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> j.write(tmp.resolve("x.jpg"), false));
        assertEquals("AC coefficient 1024 at natural index 9 of component 2, block (2, 3) is out of range (±1023) for an"
                + " 8-bit JPEG", e.getMessage());
        try (var files = Files.list(tmp)) {
            assertEquals(0, files.count(), "nothing written");
        }
    }

    @Test
    void idctIsTheOrthonormalDefinition() {
        java.util.Random r = new java.util.Random(5);
        double[] f = new double[64];
        for (int i = 0; i < 64; i++) {
            f[i] = r.nextInt(201) - 100;
        }
        double[] p = new double[64];
        JpegPixels.idct(f, p);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                double s = 0;
                for (int v = 0; v < 8; v++) {
                    for (int u = 0; u < 8; u++) {
                        double cu = u == 0 ? Math.sqrt(0.5) : 1;
                        double cv = v == 0 ? Math.sqrt(0.5) : 1;
                        s += cu * cv / 4 * f[8 * v + u] * Math.cos((2 * x + 1) * u * Math.PI / 16)
                                * Math.cos((2 * y + 1) * v * Math.PI / 16);
                    }
                }
                assertEquals(s, p[8 * y + x], 1e-9, "pixel (" + y + ", " + x + ")");
            }
        }
    }

    @Test
    void spatialPlanesUpsampleChromaAndStayUnrounded() throws Exception {
        JpegCoefficients j = JpegCoefficients.read(fixture("ycc420.jpg"));
        double[][][] ycc = j.toSpatial(JpegPixels.Space.YCBCR);
        assertEquals(3, ycc.length);
        double[][] cb = JpegPixels.component(j, 1);
        assertEquals((j.height() + 1) / 2, cb.length);
        assertEquals((j.width() + 1) / 2, cb[0].length);
        for (int y = 0; y < j.height(); y++) {
            assertEquals(j.width(), ycc[1][y].length);
            for (int x = 0; x < j.width(); x++) {
                assertEquals(cb[y / 2][x / 2], ycc[1][y][x]);
            }
        }
        assertArrayEquals(JpegPixels.component(j, 0), j.toSpatial(JpegPixels.Space.Y)[0]);
        // luma is not upsampled: islow 8-bit samples are the float IDCT's rounded within one level
        int[][] y8 = j.toPixels(JpegPixels.Space.Y)[0];
        for (int y = 0; y < j.height(); y++) {
            for (int x = 0; x < j.width(); x++) {
                assertTrue(Math.abs(Math.max(0, Math.min(255, ycc[0][y][x])) - y8[y][x]) <= 1.0, "Y at " + y + "," + x);
            }
        }
        double[][][] rgb = j.toSpatial(JpegPixels.Space.RGB);
        int[][][] rgb8 = j.toPixels(JpegPixels.Space.RGB);
        boolean fractional = false;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < j.height(); y++) {
                for (int x = 0; x < j.width(); x++) {
                    double v = rgb[c][y][x];
                    fractional |= v != Math.rint(v);
                    assertTrue(rgb8[c][y][x] >= 0 && rgb8[c][y][x] <= 255);
                }
            }
        }
        assertTrue(fractional);
        int[][][] gray = JpegCoefficients.read(fixture("gray_baseline.jpg")).toPixels(JpegPixels.Space.RGB);
        assertArrayEquals(gray[0], gray[2], "grayscale RGB repeats the plane");
    }

    @Test
    void colourCodingIsDecidedAsLibjpegDoes() throws Exception {
        assertTrue(JpegCoefficients.read(fixture("rgb.jpg")).rgbCoded());
        assertFalse(JpegCoefficients.read(fixture("ycc420.jpg")).rgbCoded());
        assertFalse(JpegCoefficients.read(fixture("gray_baseline.jpg")).rgbCoded());
        Path stripped = tmp.resolve("rgb.jpg");
        JpegCoefficients.read(fixture("rgb.jpg")).write(stripped, false);
        JpegCoefficients back = JpegCoefficients.read(stripped);
        assertEquals('R', back.component(0).id());
        assertTrue(back.rgbCoded(), "a stripped rewrite stays RGB-coded");
        assertEquals(List.of(0xEE), back.metadata().stream().map(JpegCoefficients.Segment::marker).toList());
    }

    /** cjpeg writes one table per DQT and DHT segment; the standard allows several, as other encoders write. */
    @Test
    void severalTablesInOneSegment() throws Exception {
        byte[] b = Files.readAllBytes(fixture("ycc444.jpg"));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream dqt = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream dht = new java.io.ByteArrayOutputStream();
        out.write(b, 0, 2);
        int p = 2;
        while (true) {
            int marker = b[p + 1] & 0xff;
            int len = (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
            if (marker == 0xDB) {
                dqt.write(b, p + 4, len - 2);
            } else if (marker == 0xC4) {
                dht.write(b, p + 4, len - 2);
            } else if (marker == 0xDA) {
                break;
            } else {
                out.write(b, p, len + 2);
            }
            p += len + 2;
        }
        for (int[] seg : new int[][] {{0xDB}, {0xC4}}) {
            byte[] body = (seg[0] == 0xDB ? dqt : dht).toByteArray();
            out.write(0xFF);
            out.write(seg[0]);
            out.write((body.length + 2) >> 8);
            out.write((body.length + 2) & 0xff);
            out.write(body, 0, body.length);
        }
        out.write(b, p, b.length - p);
        byte[] merged = out.toByteArray();
        assertEquals(b.length - 4 * 4, merged.length, "one DQT and one DHT header instead of two and four");
        assertMatchesDump(JpegCoefficients.read(merged, "merged.jpg"), fixture("ycc444.coef"));
    }

    @Test
    void extraneousBytesBeforeAMarkerAreSkippedAndBogusHuffmanTablesRefused() throws Exception {
        byte[] b = Files.readAllBytes(fixture("gray_baseline.jpg"));
        int dqt = markerAt(b, 0xDB) - 2;
        byte[] padded = new byte[b.length + 3];
        System.arraycopy(b, 0, padded, 0, dqt);
        System.arraycopy(b, dqt, padded, dqt + 3, b.length - dqt);
        assertMatchesDump(JpegCoefficients.read(padded, "padded.jpg"), fixture("gray_baseline.coef"));

        byte[] bogus = b.clone();
        bogus[markerAt(bogus, 0xC4) + 3] = 3; // three codes of length 1
        JpegFormatException e = assertThrows(JpegFormatException.class, () -> JpegCoefficients.read(bogus, "h.jpg"));
        assertEquals("h.jpg: DC Huffman table 0 has more codes of length 1 than fit in 1 bits", e.getMessage());
    }

    /** {@code b} with a DQT segment redefining {@code table} (all steps 99) inserted before scan {@code scan}. */
    static byte[] redefineBeforeScan(byte[] b, int scan, int table) {
        int at = -1;
        int seen = 0;
        for (int i = 2; i + 1 < b.length && at < 0; i++) {
            if ((b[i] & 0xff) == 0xFF && (b[i + 1] & 0xff) == 0xDA && ++seen == scan) {
                at = i;
            }
        }
        byte[] dqt = new byte[4 + 65];
        dqt[0] = (byte) 0xFF;
        dqt[1] = (byte) 0xDB;
        dqt[3] = 67;
        dqt[4] = (byte) table;
        Arrays.fill(dqt, 5, dqt.length, (byte) 99);
        byte[] out = new byte[b.length + dqt.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(dqt, 0, out, at, dqt.length);
        System.arraycopy(b, at, out, at + dqt.length, b.length - at);
        return out;
    }

    @Test
    void quantTableRedefinedAfterAComponentsFirstScanIsNotItsTable() throws Exception {
        byte[] b = Files.readAllBytes(fixture("separate_scans.jpg"));
        JpegCoefficients j = JpegCoefficients.read(redefineBeforeScan(b, 2, 0), "late.jpg");
        assertMatchesDump(j, fixture("separate_scans.coef"));
        JpegFormatException e = assertThrows(JpegFormatException.class,
                () -> JpegCoefficients.read(redefineBeforeScan(b, 3, 1), "two.jpg"));
        assertEquals("two.jpg: components use two versions of quantization table 1 (redefined between scans);"
                + " not supported", e.getMessage());
    }

    @Test
    void copyIsIndependent() throws Exception {
        JpegCoefficients j = JpegCoefficients.read(fixture("ycc422.jpg"));
        JpegCoefficients c = j.copy();
        int before = j.component(2).get(1, 1, 0);
        c.component(2).set(1, 1, 0, before + 5);
        assertEquals(before, j.component(2).get(1, 1, 0));
        assertEquals(before + 5, c.component(2).get(1, 1, 0));
        assertEquals(j.metadata().size(), c.metadata().size());
        assertThrows(IndexOutOfBoundsException.class, () -> c.component(0).get(j.component(0).heightInBlocks(), 0, 0));
    }
}
