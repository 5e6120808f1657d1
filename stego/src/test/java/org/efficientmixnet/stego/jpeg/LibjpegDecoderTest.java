package org.efficientmixnet.stego.jpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * 8-bit decoding against djpeg on fresh covers of awkward sizes (1–3 pixel widths where libjpeg switches fancy
 * upsampling off, odd sizes, every sampling cjpeg makes), beyond the committed fixtures. Runs only where
 * {@code cjpeg} and {@code djpeg} are installed; the committed-fixture test ({@link JpegCoefficientsTest}) always runs.
 */
class LibjpegDecoderTest {
    @TempDir
    Path tmp;

    private static boolean tools() {
        for (String t : new String[] {"cjpeg", "djpeg"}) {
            try {
                Process p = new ProcessBuilder(t, "-version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor() != 0) {
                    return false;
                }
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }
        return true;
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }

    @ParameterizedTest
    @CsvSource({"1,1,2x2,90", "2,5,2x2,85", "3,3,2x2,75", "2,9,2x1,80", "5,2,1x2,80", "17,3,2x2,60", "3,17,2x2,95",
        "33,65,2x2,50", "41,23,2x1,70", "23,41,1x2,70", "37,29,4x1,85", "29,37,1x4,85", "45,31,4x2,75",
        "31,45,2x4,75", "64,48,1x1,100", "40,24,2x2,10"})
    void pixelsEqualDjpeg(int w, int h, String sample, int quality) throws Exception {
        Assumptions.assumeTrue(tools(), "cjpeg/djpeg not installed");
        SplittableRandom rnd = new SplittableRandom(w * 1000L + h);
        byte[] head = ("P6\n" + w + " " + h + "\n255\n").getBytes(StandardCharsets.US_ASCII);
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double v = 128 + 110 * Math.sin(x / (2.0 + c) + y / 3.0) + rnd.nextGaussian() * 25;
                    px[(y * w + x) * 3 + c] = (byte) Math.max(0, Math.min(255, (int) v));
                }
            }
        }
        Path ppm = tmp.resolve("in.ppm");
        Files.write(ppm, concat(head, px));
        for (boolean progressive : new boolean[] {false, true}) {
            Path jpg = tmp.resolve("c.jpg");
            Path out = tmp.resolve("c.ppm");
            if (progressive) {
                run("cjpeg", "-sample", sample, "-quality", "" + quality, "-progressive", "-outfile", jpg.toString(),
                        ppm.toString());
            } else {
                run("cjpeg", "-sample", sample, "-quality", "" + quality, "-outfile", jpg.toString(), ppm.toString());
            }
            run("djpeg", "-pnm", "-outfile", out.toString(), jpg.toString());
            int[] dims = new int[3];
            int[] ref = JpegCoefficientsTest.readPnm(out, dims);
            int[][][] ours = JpegCoefficients.read(jpg).toPixels(JpegPixels.Space.RGB);
            int differing = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < 3; c++) {
                        differing += ours[c][y][x] != ref[(y * w + x) * 3 + c] ? 1 : 0;
                    }
                }
            }
            assertEquals(0, differing, w + "x" + h + " " + sample + " q" + quality + (progressive ? " progressive" : ""));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
