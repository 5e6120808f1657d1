package org.efficientmixnet.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images whose header claims more than a stated budget are refused before a pixel is decoded. */
class HostileImagesTest {
    @TempDir
    Path tmp;

    @AfterEach
    void clear() {
        System.clearProperty(Limits.IMAGE_PIXELS.property());
    }

    /** A gray 8-bit PNG of the given size whose IDAT is {@code idat} (deflated bytes). */
    static byte[] png(int w, int h, byte[] idat) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 0).put((byte) 0)
                .put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", idat);
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    static byte[] deflate(byte[] raw) {
        Deflater d = new Deflater(9);
        d.setInput(raw);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    @Test
    void aPngOverThePixelLimitIsRefusedBeforeDecodingNamingTheLimit() throws IOException {
        int w = 3000;
        int h = 3000;
        Path f = tmp.resolve("big.png");
        Files.write(f, png(w, h, deflate(new byte[(w + 1) * h])));
        assertEquals(w, ImageFiles.read(f).getWidth(), "within the default limit");
        System.setProperty(Limits.IMAGE_PIXELS.property(), "1000000");
        LimitExceededException e = assertThrows(LimitExceededException.class, () -> ImageFiles.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("3000×3000")
                && e.getMessage().contains("EMN_LIMIT_IMAGE_PIXELS"), e.getMessage());
    }

    @Test
    void aPngHeaderClaimingMorePixelsThanTheFileCanCodeIsRefused() throws IOException {
        Path f = tmp.resolve("liar.png");
        Files.write(f, png(60000, 60000, deflate(new byte[1000])));
        FileFormatException e = assertThrows(FileFormatException.class, () -> ImageFiles.read(f));
        assertTrue(e.getMessage().contains("60000×60000"), e.getMessage());
    }

    @Test
    void aTruncatedImageIsRefusedNotFilledWithGray() throws IOException {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        Random r = new Random(1);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                img.getRaster().setSample(x, y, 0, r.nextInt(256));
            }
        }
        for (String format : new String[] {"png", "jpeg"}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, format, out);
            byte[] all = out.toByteArray();
            Path f = tmp.resolve("cut." + format);
            Files.write(f, java.util.Arrays.copyOf(all, all.length / 2));
            FileFormatException e = assertThrows(FileFormatException.class, () -> ImageFiles.read(f), format);
            assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        }
    }

    @Test
    void imageBytesGetTheSameChecksAsAFileNamedInTheMessage() throws IOException {
        Path name = Path.of("hdfs://cluster/covers/liar.png");
        FileFormatException e = assertThrows(FileFormatException.class,
                () -> ImageFiles.read(png(60000, 60000, deflate(new byte[1000])), name));
        assertTrue(e.getMessage().startsWith(name.toString()) && e.getMessage().contains("60000×60000"), e.getMessage());
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        byte[] all = out.toByteArray();
        assertEquals(64, ImageFiles.read(all, name).getWidth());
        e = assertThrows(FileFormatException.class, () -> ImageFiles.read(java.util.Arrays.copyOf(all, all.length / 2), name));
        assertTrue(e.getMessage().startsWith(name.toString()), e.getMessage());
        System.setProperty(Limits.IMAGE_PIXELS.property(), "1000");
        assertThrows(LimitExceededException.class, () -> ImageFiles.read(all, name));
        assertThrows(FileFormatException.class, () -> ImageFiles.read(new byte[] {1, 2, 3}, null));
    }

    @Test
    void excerptsEscapeControlBytesAndCutLongText() {
        assertEquals("a\\x1b[2Jb", Excerpt.of("a\u001b[2Jb"));
        String cut = Excerpt.of("9".repeat(100_000), 10);
        assertTrue(cut.startsWith("9999999999…") && cut.contains("100000"), cut);
        FileFormatException e = new FileFormatException(Path.of("x\ny"), "bad \r token");
        assertEquals("x\\x0ay: bad \\x0d token", e.getMessage());
    }
}
