package org.efficientmixnet.steganalysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.efficientmixnet.stego.embed.Algorithm;
import org.efficientmixnet.stego.embed.Algorithms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairBatchesTest {
    @TempDir
    static Path tmp;
    static PairDataset data;
    static final InputDecoding DEC = InputDecoding.of("gray", "unrounded", "pixels");

    @BeforeAll
    static void makeData() throws Exception {
        Path covers = TinySets.covers(tmp.resolve("covers"), 13, 32, 2);
        Path a = TinySets.embed(covers, tmp.resolve("a"), Algorithms.get("lsb-matching"), 1.0, 1);
        Path b = TinySets.embed(covers, tmp.resolve("b"), Algorithms.get("lsb-replacement"), 1.0, 2);
        data = PairDataset.open(covers, List.of(a, b));
    }

    @Test
    void batchesHoldWholeGroupsWithOneTransformAndWindowPerGroup() throws Exception {
        try (PairBatches pb = new PairBatches(data, DEC, true, 8, 16, 2)) {
            Set<Integer> transforms = new HashSet<>();
            for (int epoch = 1; epoch <= 3; epoch++) {
                List<Integer> seenGroups = new ArrayList<>();
                Iterator<PairBatches.PairBatch> it = pb.epoch(5, epoch, true, true);
                while (it.hasNext()) {
                    PairBatches.PairBatch b = it.next();
                    assertTrue(b.size() <= 8 && b.size() % 3 == 0, "whole groups of 3, at most 8 images: " + b.size());
                    assertArrayEquals(new long[] {b.size(), 1, 16, 16}, b.shape());
                    Map<Integer, Integer> tOf = new HashMap<>();
                    Map<Integer, Integer> count = new HashMap<>();
                    for (int i = 0; i < b.size(); i++) {
                        Integer prev = tOf.put(b.groups()[i], b.transforms()[i]);
                        assertTrue(prev == null || prev == b.transforms()[i], "one transform per group");
                        count.merge(b.groups()[i], 1, Integer::sum);
                        transforms.add(b.transforms()[i]);
                    }
                    count.values().forEach(n -> assertEquals(3, n, "every member of a group in the batch"));
                    seenGroups.addAll(count.keySet());
                    // each image is its own decoding, cropped at a multiple of 8 and transformed by its group's element
                    for (int i = 0; i < b.size(); i++) {
                        InputDecoding.Image im = DEC.decode(b.paths().get(i));
                        float[] mine = java.util.Arrays.copyOfRange(b.data(), i * 256, (i + 1) * 256);
                        assertTrue(matchesSomeWindow(im, b.transforms()[i], mine, b, i), "image " + i);
                    }
                    // the stego−cover difference is the transformed difference of the same window: cover first in a group
                    assertEquals(0, b.labels()[0]);
                }
                assertEquals(13, seenGroups.size());
                assertEquals(13, new HashSet<>(seenGroups).size(), "every group once per epoch");
            }
            assertTrue(transforms.size() >= 6, "D4 elements drawn: " + transforms);
            // the same seed and epoch give the same batches (resume); another epoch another order
            assertEquals(pb.plan(5, 2, true), pb.plan(5, 2, true));
            assertNotEquals(pb.plan(5, 2, true), pb.plan(5, 3, true));
        }
    }

    /** Whether {@code mine} is element t of a window of im whose corner lies on a multiple of 8, the same for its group. */
    private static boolean matchesSomeWindow(InputDecoding.Image im, int t, float[] mine, PairBatches.PairBatch b, int i) {
        for (int top = 0; top <= 16; top += 8) {
            for (int left = 0; left <= 16; left += 8) {
                float[] ref = new float[256];
                D4.apply(t, im.data(), 1, 32, 32, top, left, 16, 16, ref, 0);
                if (java.util.Arrays.equals(ref, mine)) {
                    // the cover of the group took the same window
                    int cover = i - (i % 3);
                    try {
                        InputDecoding.Image c = DEC.decode(b.paths().get(cover));
                        float[] cref = new float[256];
                        D4.apply(t, c.data(), 1, 32, 32, top, left, 16, 16, cref, 0);
                        return java.util.Arrays.equals(cref, java.util.Arrays.copyOfRange(b.data(), cover * 256, cover * 256 + 256));
                    } catch (java.io.IOException e) {
                        throw new RuntimeException(e);
                    }
                }
            }
        }
        return false;
    }

    @Test
    void evaluationOrderKeepsGroupsUntransformedWithTheCentreWindow() throws Exception {
        try (PairBatches pb = new PairBatches(data, DEC, false, 6, 16, 1)) {
            Iterator<PairBatches.PairBatch> it = pb.epoch(0, 0, false, false);
            PairBatches.PairBatch b = it.next();
            assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, b.groups());
            assertArrayEquals(new int[] {0, 1, 1, 0, 1, 1}, b.labels());
            assertArrayEquals(new int[6], b.transforms());
            InputDecoding.Image im = DEC.decode(b.paths().get(0));
            assertEquals(im.data()[8 * 32 + 8], b.data()[0], 0); // centre window of 32: corner (8, 8)
        }
    }

    @Test
    void d4ElementsArePermutationsAndDistinct() {
        float[] src = new float[12];
        for (int k = 0; k < 12; k++) {
            src[k] = k;
        }
        Set<String> seen = new HashSet<>();
        for (int t = 0; t < 8; t++) {
            float[] dst = new float[9];
            D4.apply(t, src, 1, 3, 4, 0, 1, 3, 3, dst, 0);
            float[] sorted = dst.clone();
            java.util.Arrays.sort(sorted);
            assertArrayEquals(new float[] {1, 2, 3, 5, 6, 7, 9, 10, 11}, sorted);
            seen.add(java.util.Arrays.toString(dst));
        }
        assertEquals(8, seen.size());
        float[] r1 = new float[9];
        D4.apply(1, src, 1, 3, 4, 0, 1, 3, 3, r1, 0);
        assertArrayEquals(new float[] {3, 7, 11, 2, 6, 10, 1, 5, 9}, r1); // 90° counter-clockwise
    }

    @Test
    void unequalSizesInABatchAskForACrop() throws Exception {
        Path covers = tmp.resolve("mixed");
        Files.createDirectories(covers);
        org.efficientmixnet.stego.dataset.GrayImages.writePng(covers.resolve("a.png"), TinySets.texture(16, new java.util.Random(1)));
        org.efficientmixnet.stego.dataset.GrayImages.writePng(covers.resolve("b.png"), TinySets.texture(24, new java.util.Random(2)));
        Path s = TinySets.embed(covers, tmp.resolve("mixed-s"), Algorithms.get("lsb-matching"), 1.0, 1);
        PairDataset d = PairDataset.open(covers, List.of(s));
        try (PairBatches pb = new PairBatches(d, DEC, false, 8, 0, 1)) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> pb.epoch(0, 0, false, false).next());
            assertTrue(e.getMessage().startsWith(covers.resolve("b.png").toString()) && e.getMessage().contains("--crop"),
                    e.getMessage());
        }
    }
}
