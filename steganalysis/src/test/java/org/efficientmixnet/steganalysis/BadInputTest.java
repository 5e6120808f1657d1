package org.efficientmixnet.steganalysis;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.efficientmixnet.stego.embed.Algorithm;
import org.efficientmixnet.stego.embed.Algorithms;
import org.efficientmixnet.stego.dataset.GrayImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

/** Bad input is refused with one line that names the file at fault. */
class BadInputTest {
    @TempDir
    static Path tmp;
    static Path covers;
    static Path stegos;

    @BeforeAll
    static void makeData() throws Exception {
        covers = TinySets.covers(tmp.resolve("covers"), 4, 16, 1);
        stegos = TinySets.embed(covers, tmp.resolve("stegos"), Algorithms.get("lsb-matching"), 1.0, 1);
    }

    static void refused(Executable e, String file, String what) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        String m = x.getMessage();
        assertTrue(m.startsWith(file) && m.contains(what) && !m.contains("\n"), m);
    }

    static Path folder(String name) throws Exception {
        Path d = tmp.resolve(name);
        Files.createDirectories(d);
        return d;
    }

    @Test
    void stegoWithoutItsCover() throws Exception {
        Path d = folder("orphan");
        GrayImages.writePng(d.resolve("c0000.png"), TinySets.texture(16, new Random(1)));
        GrayImages.writePng(d.resolve("zebra.png"), TinySets.texture(16, new Random(2)));
        refused(() -> PairDataset.open(covers, List.of(d)), d.resolve("zebra.png").toString(), "stego without its cover");
    }

    @Test
    void coverStegoSizeMismatch() throws Exception {
        Path d = folder("big");
        GrayImages.writePng(d.resolve("c0001.png"), TinySets.texture(24, new Random(1)));
        refused(() -> PairDataset.open(covers, List.of(d)), d.resolve("c0001.png").toString(),
                "stego is 24×24 but its cover " + covers.resolve("c0001.png") + " is 16×16");
    }

    @Test
    void emptyFolders() throws Exception {
        Path d = folder("empty");
        refused(() -> PairDataset.open(covers, List.of(d)), d.toString(), "empty folder");
        refused(() -> PairDataset.open(d, List.of(stegos)), d.toString(), "empty folder");
        refused(() -> PairDataset.open(tmp.resolve("nope"), List.of(stegos)), tmp.resolve("nope").toString(), "no such");
    }

    @Test
    void manifestNamingMissingFiles() throws Exception {
        Path d = folder("torn");
        Files.copy(stegos.resolve("c0000.png"), d.resolve("c0000.png"));
        List<String> lines = Files.readAllLines(stegos.resolve("manifest.csv"));
        Files.write(d.resolve("manifest.csv"), lines.subList(0, 3));
        refused(() -> PairDataset.open(covers, List.of(d)), d.resolve("manifest.csv").toString(),
                "line 3 names stego 'c0001.png', which does not exist");
        Path e = folder("wrong-cover");
        Files.copy(stegos.resolve("c0000.png"), e.resolve("c0000.png"));
        Files.write(e.resolve("manifest.csv"), List.of(lines.get(0), lines.get(1).replaceFirst("^c0000.png", "gone.png")));
        refused(() -> PairDataset.open(covers, List.of(e)), e.resolve("manifest.csv").toString(),
                "names cover 'gone.png', which is not in " + covers);
    }

    @Test
    void runFolderThatIsNotADetector() throws Exception {
        refused(() -> Detector.load(covers), covers.toString(), "not a detector run");
        Path fake = folder("fake-run");
        Files.writeString(fake.resolve("detector.json"), "{\"format\": \"something else\"}");
        refused(() -> Detector.load(fake), fake.resolve("detector.json").toString(), "not a detector description");
        Files.writeString(fake.resolve("detector.json"), "{not json");
        refused(() -> Detector.load(fake), fake.resolve("detector.json").toString(), "not a detector description");
    }

    @Test
    void aHugeImageIsRefusedFromItsHeaderBeforeDecoding() throws Exception {
        Path c = folder("covers-huge");
        Path s = folder("stegos-huge");
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(33);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R'});
        b.putInt(100_000).putInt(100_000).put(new byte[] {8, 0, 0, 0, 0});
        Files.write(c.resolve("huge.png"), b.array());
        Files.write(s.resolve("huge.png"), b.array());
        refused(() -> PairDataset.open(c, List.of(s)), c.resolve("huge.png").toString(), "100000×100000 pixels");
    }

    @Test
    void unreadableImageInTrainingNamesIt() throws Exception {
        Path c = folder("covers-bad");
        Path s = folder("stegos-bad");
        GrayImages.writePng(c.resolve("a.png"), TinySets.texture(16, new Random(1)));
        Files.writeString(c.resolve("b.jpg"), "garbage");
        Files.copy(c.resolve("a.png"), s.resolve("a.png"));
        Files.copy(c.resolve("b.jpg"), s.resolve("b.jpg"));
        refused(() -> PairDataset.open(c, List.of(s)), c.resolve("b.jpg").toString(), "JPEG");
    }
}
