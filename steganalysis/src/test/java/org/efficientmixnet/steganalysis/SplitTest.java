package org.efficientmixnet.steganalysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitTest {
    @TempDir
    static Path tmp;
    static PairDataset data;

    /** 30 covers, two stego folders: one with a manifest (all covers), one paired by name (every third cover). */
    @BeforeAll
    static void makeData() throws Exception {
        Path covers = TinySets.covers(tmp.resolve("covers"), 30, 8, 1);
        Path a = TinySets.embed(covers, tmp.resolve("a"), org.efficientmixnet.stego.embed.Algorithms.get("lsb-matching"), 0.5, 1);
        Path b = tmp.resolve("b");
        Files.createDirectories(b);
        for (int i = 0; i < 30; i += 3) {
            Files.copy(a.resolve(String.format("c%04d.png", i)), b.resolve(String.format("c%04d.png", i)));
        }
        data = PairDataset.open(covers, List.of(a, b));
    }

    @Test
    void pairsByManifestAndByName() {
        assertEquals(30, data.groups().size());
        assertEquals(30 + 30 + 10, data.images());
        PairDataset.Group g0 = data.groups().get(0);
        assertEquals("c0000.png", g0.name());
        assertEquals(2, g0.stegos().size());
        assertEquals(1, data.groups().get(1).stegos().size());
        assertEquals(List.of(0, 1, 2), data.labelled(true).subList(0, 3).stream().map(PairDataset.Labelled::label).toList());
        assertEquals(List.of(0, 1, 1), data.labelled(false).subList(0, 3).stream().map(PairDataset.Labelled::label).toList());
    }

    @Test
    void coversWithoutAnyStegoAreLeftOutAndCounted() throws Exception {
        PairDataset onlyB = PairDataset.open(tmp.resolve("covers"), List.of(tmp.resolve("b")));
        assertEquals(10, onlyB.groups().size());
        assertEquals(20, onlyB.unpaired());
        assertEquals(20, onlyB.images());
    }

    @Test
    void neverSeparatesAGroupWhateverTheSeed() {
        for (long seed = 0; seed < 200; seed++) {
            double val = (seed % 5) * 0.1;
            double test = (seed % 3) * 0.15;
            Split s = Split.of(data, val, test, seed);
            Map<Path, String> partOfFile = new HashMap<>();
            int images = 0;
            for (String part : List.of(Split.TRAIN, Split.VAL, Split.TEST)) {
                for (PairDataset.Group g : s.part(data, part, null).groups()) {
                    for (Path f : g.files()) {
                        assertEquals(null, partOfFile.put(f, part), "file in two parts: " + f);
                        images++;
                    }
                }
            }
            assertEquals(data.images(), images, "every image in exactly one part");
            for (PairDataset.Group g : data.groups()) {
                Set<String> parts = new HashSet<>();
                g.files().forEach(f -> parts.add(partOfFile.get(f)));
                assertEquals(1, parts.size(), "seed " + seed + ": group " + g.name() + " split over " + parts);
            }
            Map<String, Integer> n = s.counts();
            assertEquals((int) Math.round(30 * test), n.get(Split.TEST).intValue(), "seed " + seed);
            assertEquals((int) Math.round(30 * val), n.get(Split.VAL).intValue(), "seed " + seed);
        }
    }

    @Test
    void seededAndSavedAsCsv() throws Exception {
        Split a = Split.of(data, 0.2, 0.2, 7);
        Split b = Split.of(data, 0.2, 0.2, 7);
        Split c = Split.of(data, 0.2, 0.2, 8);
        List<String> pa = data.groups().stream().map(g -> a.partOf(g.name())).toList();
        assertEquals(pa, data.groups().stream().map(g -> b.partOf(g.name())).toList());
        assertNotEquals(pa, data.groups().stream().map(g -> c.partOf(g.name())).toList());
        Path f = tmp.resolve("split.csv");
        a.write(f);
        Split back = Split.read(f);
        assertEquals(pa, data.groups().stream().map(g -> back.partOf(g.name())).toList());
        assertTrue(Files.readString(f).startsWith("cover,split\n") && Files.readString(f).contains("\nc0000.png," + pa.get(0) + "\n"));
        assertThrows(IllegalArgumentException.class, () -> Split.of(data, 0.5, 0.5, 1));
    }
}
