package org.efficientmixnet.stego.jpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.util.Random;
import org.efficientmixnet.io.Limits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A JPEG frame header is checked against the pixel limit and the file's size before coefficients are allocated. */
class JpegLimitsTest {
    @AfterEach
    void clear() {
        System.clearProperty(Limits.IMAGE_PIXELS.property());
    }

    /** SOI, a gray baseline SOF0 of w×h, then {@code noise} random bytes. */
    static byte[] grayHeader(int w, int h, int noise) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC0, 0, 11, 8,
            (byte) (h >> 8), (byte) h, (byte) (w >> 8), (byte) w, 1, 1, 0x11, 0});
        byte[] n = new byte[noise];
        new Random(3).nextBytes(n);
        o.writeBytes(n);
        return o.toByteArray();
    }

    @Test
    void aHugeFrameIsRefusedByThePixelLimitNamingIt() {
        // 36000×36000 gray over 2.6 MB of noise: within what the bytes could code, over the 200-megapixel limit
        JpegFormatException e = assertThrows(JpegFormatException.class,
                () -> JpegCoefficients.read(grayHeader(36000, 36000, 2_600_000), "huge.jpg"));
        assertTrue(e.getMessage().startsWith("huge.jpg: 36000×36000") && e.getMessage().contains("EMN_LIMIT_IMAGE_PIXELS"),
                e.getMessage());
    }

    @Test
    void theLimitIsConfigurable() throws Exception {
        byte[] good = Files.readAllBytes(JpegCoefficientsTest.fixture("progressive_gray.jpg"));
        JpegCoefficients j = JpegCoefficients.read(good, "g.jpg");
        System.setProperty(Limits.IMAGE_PIXELS.property(), String.valueOf((long) j.width() * j.height() - 1));
        JpegFormatException e = assertThrows(JpegFormatException.class, () -> JpegCoefficients.read(good, "g.jpg"));
        assertTrue(e.getMessage().contains("emn.limit.imagePixels"), e.getMessage());
        System.setProperty(Limits.IMAGE_PIXELS.property(), String.valueOf((long) j.width() * j.height()));
        assertEquals(j.width(), JpegCoefficients.read(good, "g.jpg").width());
    }

    @Test
    void segmentLengthsZeroAndOneAndTemAreSkippedAsLibjpegDoes() throws Exception {
        byte[] good = Files.readAllBytes(JpegCoefficientsTest.fixture("gray_baseline.jpg"));
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(good, 0, 2);
        o.writeBytes(new byte[] {(byte) 0xFF, 0x01, (byte) 0xFF, (byte) 0xE1, 0, 0, (byte) 0xFF, (byte) 0xFE, 0, 1});
        o.write(good, 2, good.length - 2);
        JpegCoefficients a = JpegCoefficients.read(good, "good.jpg");
        JpegCoefficients b = JpegCoefficients.read(o.toByteArray(), "odd.jpg");
        org.junit.jupiter.api.Assertions.assertArrayEquals(a.component(0).toLayout(), b.component(0).toLayout());
    }
}
