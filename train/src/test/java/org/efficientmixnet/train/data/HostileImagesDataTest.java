package org.efficientmixnet.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.efficientmixnet.io.FileFormatException;
import org.efficientmixnet.io.LimitExceededException;
import org.efficientmixnet.io.Limits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Oversized or lying images become a BadImageException naming the file (a dataset skips it), never an OOM. */
class HostileImagesDataTest {
    @TempDir
    Path tmp;

    @AfterEach
    void clear() {
        System.clearProperty(Limits.IMAGE_PIXELS.property());
    }

    @Test
    void aPnmHeaderClaimingMoreThanTheFileHoldsIsRefusedBeforeAllocating() throws IOException {
        Path f = tmp.resolve("liar.pgm");
        Files.write(f, "P5\n60000 60000\n255\nabc".getBytes(StandardCharsets.US_ASCII));
        BadImageException e = assertThrows(BadImageException.class, () -> ImageDecoder.read(f, 1));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("60000×60000"), e.getMessage());
        assertInstanceOf(FileFormatException.class, e, "one exception type for bad files across modules");
    }

    @Test
    void imagesOverThePixelLimitAreBadImagesNamingTheLimit() throws IOException {
        Path png = tmp.resolve("big.png");
        ImageIO.write(new BufferedImage(200, 100, BufferedImage.TYPE_BYTE_GRAY), "png", png.toFile());
        Path pgm = tmp.resolve("big.pgm");
        Files.write(pgm, ("P5\n200 100\n255\n" + "\0".repeat(20000)).getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(200, ImageDecoder.read(png, 1).width());
        assertEquals(200, ImageDecoder.read(pgm, 1).width());
        System.setProperty(Limits.IMAGE_PIXELS.property(), "19999");
        for (Path f : new Path[] {png, pgm}) {
            BadImageException e = assertThrows(BadImageException.class, () -> ImageDecoder.read(f, 3));
            assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("EMN_LIMIT_IMAGE_PIXELS"),
                    e.getMessage());
            assertInstanceOf(LimitExceededException.class, e.getCause(), e.getMessage());
        }
    }
}
