package org.efficientmixnet.stego.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.efficientmixnet.io.FileFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrailerTest {
    @TempDir
    Path dir;

    /** Every JPEG fixture (progressive scans, restart markers, comments, Exif) ends exactly at its EOI. */
    @Test
    void jpegFixturesEndAtTheirEoi() throws Exception {
        String[] names = {"progressive420.jpg", "progressive_restart.jpg", "restart_rows.jpg", "restart_blocks.jpg",
            "separate_scans.jpg", "commented.jpg", "exif.jpg", "optimized.jpg", "ycc411.jpg", "q16bit.jpg"};
        for (String n : names) {
            Path f = Path.of(TrailerTest.class.getResource("/jpeg/" + n).toURI());
            byte[] b = Files.readAllBytes(f);
            Trailer.Result r = Trailer.find(f);
            assertEquals("jpeg", r.format(), n);
            // the fixtures end with FF D9 and nothing after it
            assertEquals(b.length, r.end(), n);
            Path g = dir.resolve(n);
            byte[] extra = {(byte) 0xFF, (byte) 0xD9, 'h', 'i'};
            byte[] withTrailer = Arrays.copyOf(b, b.length + extra.length);
            System.arraycopy(extra, 0, withTrailer, b.length, extra.length);
            Files.write(g, withTrailer);
            assertArrayEquals(extra, Trailer.find(g).trailing(), n);
        }
    }

    @Test
    void truncatedOrForeignFilesAreRefusedNamingTheFile() throws Exception {
        Path f = Path.of(TrailerTest.class.getResource("/jpeg/commented.jpg").toURI());
        byte[] b = Files.readAllBytes(f);
        Path cut = dir.resolve("cut.jpg");
        Files.write(cut, Arrays.copyOf(b, b.length - 2));
        FileFormatException e = assertThrows(FileFormatException.class, () -> Trailer.find(cut));
        assertTrue(e.getMessage().startsWith(cut + ": no EOI marker"), e.getMessage());
        Path lying = dir.resolve("lying.jpg");
        Files.write(lying, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0x7F, (byte) 0xFF, 0, 0});
        e = assertThrows(FileFormatException.class, () -> Trailer.find(lying));
        assertTrue(e.getMessage().contains("beyond the end"), e.getMessage());
        Path text = dir.resolve("a.txt");
        Files.writeString(text, "hello");
        e = assertThrows(FileFormatException.class, () -> Trailer.find(text));
        assertTrue(e.getMessage().startsWith(text.toString()), e.getMessage());
    }
}
