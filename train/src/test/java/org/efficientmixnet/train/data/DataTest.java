package org.efficientmixnet.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dataset discovery, splits, decoding, transforms and the loader, including every kind of bad input. */
class DataTest {
    @TempDir
    Path tmp;

    static Pixels ramp(int c, int h, int w) {
        float[] d = new float[c * h * w];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;
        }
        return new Pixels(c, h, w, d);
    }

    static void png(Path file, BufferedImage img) throws Exception {
        Files.createDirectories(file.getParent());
        ImageIO.write(img, file.toString().endsWith(".jpg") ? "jpg" : "png", file.toFile());
    }

    static BufferedImage rgb(int w, int h, int seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        SplittableRandom r = new SplittableRandom(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        return img;
    }

    // ---- transforms ----

    @Test
    void rot90FourTimesIsTheIdentityAndMovesPixelsExactly() {
        Pixels p = ramp(2, 3, 5);
        Pixels r = p;
        for (int i = 0; i < 4; i++) {
            r = Transforms.rot90(r, 1);
            if (i < 3) {
                assertNotEquals(Arrays.toString(p.data()), Arrays.toString(r.data()));
            }
        }
        assertArrayEquals(p.data(), r.data());
        Pixels one = Transforms.rot90(ramp(1, 2, 3), 1); // [[0,1,2],[3,4,5]] → numpy rot90 → [[2,5],[1,4],[0,3]]
        assertEquals(3, one.height());
        assertArrayEquals(new float[] {2, 5, 1, 4, 0, 3}, one.data());
        assertArrayEquals(Transforms.rot90(p, 2).data(), Transforms.flipVertical(Transforms.flipHorizontal(p)).data());
    }

    @Test
    void flipsAndTheD4GroupArePermutationsWithoutResampling() {
        Pixels p = ramp(3, 4, 4);
        assertArrayEquals(p.data(), Transforms.flipHorizontal(Transforms.flipHorizontal(p)).data());
        assertArrayEquals(p.data(), Transforms.flipVertical(Transforms.flipVertical(p)).data());
        assertArrayEquals(new float[] {3, 2, 1, 0}, Arrays.copyOf(Transforms.flipHorizontal(p).data(), 4));
        Set<String> seen = new HashSet<>();
        float[] sorted = p.data().clone();
        Arrays.sort(sorted);
        for (int g = 0; g < 8; g++) {
            Pixels t = Transforms.dihedral(p, g);
            assertTrue(seen.add(Arrays.toString(t.data())), "element " + g + " repeats another");
            float[] s = t.data().clone();
            Arrays.sort(s);
            assertArrayEquals(sorted, s, "D4 element " + g + " must only move pixels");
        }
        Pixels c = Transforms.crop(ramp(1, 4, 4), 1, 2, 2, 2);
        assertArrayEquals(new float[] {6, 7, 10, 11}, c.data());
        Pixels rc = Transforms.randomCrop(2).apply(ramp(1, 4, 4), new SplittableRandom(3));
        float[] all = ramp(1, 4, 4).data();
        for (float v : rc.data()) {
            assertTrue(v == Math.rint(v) && v >= 0 && v < all.length);
        }
    }

    @Test
    void resizeNoneFeedsPixelsUnchanged() throws Exception {
        Path f = tmp.resolve("a").resolve("x.png");
        BufferedImage img = rgb(8, 8, 1);
        png(f, img);
        Augment none = new Augment("none", false, false, false, false, false, 0, "none");
        ImageDataset ds = new ImageDataset(tmp, List.of("a"), List.of(new ImageSample(f, 0)));
        try (BatchLoader l = new BatchLoader(ds, 3, none.eval(8), Normalization.of("none", 3), 1, 1, 1, true)) {
            Batch b = l.epoch(0, 0, false, false).next();
            int v = img.getRGB(5, 2);
            assertEquals(((v >> 16) & 0xff) / 255f, b.data()[2 * 8 + 5], 0f);
            assertEquals((v & 0xff) / 255f, b.data()[2 * 64 + 2 * 8 + 5], 0f);
        }
        Normalization n = Normalization.of("imagenet", 3);
        assertArrayEquals(new float[] {0.485f, 0.456f, 0.406f}, n.mean());
        assertArrayEquals(new float[] {0.5f}, Normalization.of("inception", 1).std());
        assertArrayEquals(new float[] {0.25f, 0.25f}, Normalization.of("0.5/0.25", 2).std());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Normalization.of("imagenett", 3));
        assertTrue(e.getMessage().contains("unknown normalization 'imagenett'"));
        assertThrows(IllegalArgumentException.class, () -> new Augment("bilinear", false, false, false, false, false, 0,
                "none").eval(8));
    }

    @Test
    void evaluationCropPercentageScalesThenKeepsTheCentreAsTimmDoes() {
        Pixels p = new Pixels(1, 100, 80, new float[100 * 80]);
        for (int i = 0; i < p.data().length; i++) {
            p.data()[i] = (i % 80) * 0.01f + (i / 80) * 0.3f;
        }
        Augment pct = new Augment("auto", false, false, false, false, false, 0, "none", 0.875, null);
        assertEquals(36, pct.evalScaleSize(32)); // floor(32 / 0.875)
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        Pixels got = p;
        for (Transform t : pct.eval(32)) {
            got = t.apply(got, rng);
        }
        Pixels want = Transforms.centerCrop(32).apply(Transforms.resizeShorter(36).apply(p, rng), rng);
        assertEquals(32, got.height());
        assertArrayEquals(want.data(), got.data(), 0f);
        // training is unchanged by it, and a run config written before the field existed reads as no crop
        Pixels train = p;
        for (Transform t : pct.train(32)) {
            train = t.apply(train, rng);
        }
        Pixels plain = Transforms.centerCrop(32).apply(Transforms.resizeShorter(32).apply(p, rng), rng);
        assertArrayEquals(plain.data(), train.data(), 0f);
        Augment old = new com.google.gson.Gson().fromJson("{\"resize\":\"auto\",\"normalization\":\"imagenet\"}",
                Augment.class);
        assertEquals(32, old.evalScaleSize(32));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Augment("auto", false, false, false, false, false, 0, "none", 1.5, null));
        assertTrue(e.getMessage().contains("--crop-pct"), e.getMessage());
        // the weights' filter: bicubic, as Pillow's
        Augment cubic = new Augment("auto", false, false, false, false, false, 0, "none", 0.875, "bicubic");
        Pixels c = p;
        for (Transform t : cubic.eval(32)) {
            c = t.apply(c, rng);
        }
        Pixels wantCubic = Transforms.centerCrop(32).apply(
                Transforms.resizeShorter(36, Resampling.Interpolation.BICUBIC).apply(p, rng), rng);
        assertArrayEquals(wantCubic.data(), c.data(), 0f);
        assertEquals(45, Transforms.resizeShorter(36).apply(p, rng).height()); // floor(36 * 100 / 80), as torchvision
        IllegalArgumentException interp = assertThrows(IllegalArgumentException.class,
                () -> new Augment("auto", false, false, false, false, false, 0, "none", 1, "nearest"));
        assertTrue(interp.getMessage().contains("'nearest'"), interp.getMessage());
    }

    // ---- decoding ----

    @Test
    void pnmGrayAndColourAndChannelConversion() throws Exception {
        Path pgm = tmp.resolve("g.pgm");
        Files.writeString(pgm, "P2\n# comment\n3 2\n255\n0 10 20\n30 40 255\n");
        Pixels g = ImageDecoder.read(pgm, 1);
        assertArrayEquals(new float[] {0, 10, 20, 30, 40, 255}, g.data());
        Pixels g3 = ImageDecoder.read(pgm, 3);
        assertEquals(3, g3.channels());
        assertEquals(40f, g3.get(2, 1, 1));
        Path ppm = tmp.resolve("c.ppm");
        PnmReader.write(ppm, new Pixels(3, 1, 2, new float[] {255, 0, 0, 255, 0, 0}));
        Pixels c = ImageDecoder.read(ppm, 3);
        assertArrayEquals(new float[] {255, 0, 0, 255, 0, 0}, c.data());
        Pixels gray = ImageDecoder.read(ppm, 1);
        assertEquals(0.299f * 255, gray.get(0, 0, 0), 1e-3);
        assertEquals(0.587f * 255, gray.get(0, 0, 1), 1e-3);
        Path wide = tmp.resolve("w.pgm");
        Files.write(wide, concat("P5 1 1 65535\n".getBytes(), new byte[] {(byte) 0xff, (byte) 0xff}));
        assertEquals(255f, ImageDecoder.read(wide, 1).data()[0], 1e-3);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] o = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, o, a.length, b.length);
        return o;
    }

    @Test
    void wrongChannelCountsAreExplicitErrors() throws Exception {
        Path f = tmp.resolve("rgb.png");
        png(f, rgb(4, 4, 2));
        BadImageException e = assertThrows(BadImageException.class, () -> ImageDecoder.read(f, 5));
        assertTrue(e.getMessage().contains("rgb.png") && e.getMessage().contains("takes 5 channels but the image has 3"),
                e.getMessage());
        Path rgba = tmp.resolve("rgba.png");
        BufferedImage a = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB);
        a.setRGB(1, 0, 0x80112233);
        png(rgba, a);
        Pixels p4 = ImageDecoder.read(rgba, 4);
        assertEquals(4, p4.channels());
        assertEquals(0x11, p4.get(0, 0, 1), 0f);
        assertEquals(0x80, p4.get(3, 0, 1), 0f);
        Path gray = tmp.resolve("gray.png");
        BufferedImage g = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
        g.getRaster().setSample(1, 1, 0, 77);
        png(gray, g);
        Pixels g3 = ImageDecoder.read(gray, 3);
        assertEquals(77f, g3.get(0, 1, 1));
        assertEquals(77f, g3.get(2, 1, 1));
    }

    @Test
    void truncatedAndUnreadableImagesAreBadImages() throws Exception {
        for (String name : new String[] {"t.png", "t.jpg"}) {
            Path f = tmp.resolve("full-" + name);
            png(f, rgb(64, 64, 3));
            byte[] bytes = Files.readAllBytes(f);
            Path cut = tmp.resolve(name);
            Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
            BadImageException e = assertThrows(BadImageException.class, () -> ImageDecoder.read(cut, 3), name);
            assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
        }
        Path junk = tmp.resolve("junk.png");
        Files.writeString(junk, "not an image");
        assertTrue(assertThrows(BadImageException.class, () -> ImageDecoder.read(junk, 3)).getMessage().contains("junk.png"));
        Path pgm = tmp.resolve("short.pgm");
        Files.write(pgm, concat("P5 4 4 255\n".getBytes(), new byte[5]));
        assertTrue(assertThrows(BadImageException.class, () -> ImageDecoder.read(pgm, 1)).getMessage().contains("truncated"));
    }

    // ---- datasets ----

    @Test
    void folderDiscoveryAndItsErrors() throws Exception {
        Path root = tmp.resolve("ds");
        for (String c : new String[] {"b_dogs", "a_cats"}) {
            for (int i = 0; i < 3; i++) {
                png(root.resolve(c).resolve(i + ".png"), rgb(4, 4, i));
            }
        }
        Files.writeString(root.resolve("a_cats").resolve("notes.txt"), "ignored");
        Files.createDirectories(root.resolve(".hidden"));
        ImageDataset ds = ImageDataset.folder(root);
        assertEquals(List.of("a_cats", "b_dogs"), ds.classes());
        assertArrayEquals(new int[] {3, 3}, ds.classCounts());

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageDataset.folder(empty));
        assertTrue(e.getMessage().contains(empty + " has no class sub-folders"), e.getMessage());

        Files.createDirectories(root.resolve("c_birds"));
        Files.writeString(root.resolve("c_birds").resolve("readme.md"), "x");
        e = assertThrows(IllegalArgumentException.class, () -> ImageDataset.folder(root));
        assertTrue(e.getMessage().contains("class folder " + root.resolve("c_birds") + " has no images"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> ImageDataset.folder(tmp.resolve("missing")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void csvManifest() throws Exception {
        png(tmp.resolve("img").resolve("a.png"), rgb(4, 4, 1));
        png(tmp.resolve("img").resolve("b.png"), rgb(4, 4, 2));
        Path csv = tmp.resolve("m.csv");
        Files.writeString(csv, "path,label\nimg/a.png,dog\nimg/b.png,cat\n");
        ImageDataset ds = ImageDataset.open(csv);
        assertEquals(List.of("cat", "dog"), ds.classes());
        assertEquals(1, ds.samples().get(0).label());
        Files.writeString(csv, "img/a.png,1\nimg/missing.png,0\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageDataset.open(csv));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("missing.png"), e.getMessage());
    }

    @Test
    void stratifiedSplitIsSeededAndKeepsClassProportions() {
        List<ImageSample> s = new ArrayList<>();
        int[] sizes = {50, 20, 7};
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < sizes[c]; i++) {
                s.add(new ImageSample(Path.of("c" + c, i + ".png"), c));
            }
        }
        ImageDataset ds = new ImageDataset(Path.of("."), List.of("a", "b", "c"), s);
        ImageDataset.Split sp = ds.split(0.2, 9);
        assertArrayEquals(new int[] {10, 4, 1}, sp.val().classCounts());
        assertArrayEquals(new int[] {40, 16, 6}, sp.train().classCounts());
        Set<Path> all = new HashSet<>();
        sp.train().samples().forEach(x -> all.add(x.path()));
        sp.val().samples().forEach(x -> assertTrue(all.add(x.path()), "train and validation overlap"));
        assertEquals(77, all.size());
        assertEquals(sp.val().samples(), ds.split(0.2, 9).val().samples());
        assertNotEquals(sp.val().samples(), ds.split(0.2, 10).val().samples());
    }

    // ---- loader ----

    @Test
    void loaderSkipsBadImagesOrFailsInStrictMode() throws Exception {
        Path root = tmp.resolve("ds");
        for (int i = 0; i < 5; i++) {
            png(root.resolve("a").resolve(i + ".png"), rgb(8, 8, i));
        }
        Path bad = root.resolve("a").resolve("9.png");
        Files.writeString(bad, "broken");
        ImageDataset ds = ImageDataset.folder(root);
        List<String> warnings = new ArrayList<>();
        try (BatchLoader l = new BatchLoader(ds, 3, Augment.defaults().eval(8), Normalization.of("imagenet", 3), 4, 2, 2,
                false).onWarning(warnings::add)) {
            int n = 0;
            for (Iterator<Batch> it = l.epoch(1, 1, false, false); it.hasNext(); ) {
                n += it.next().size();
            }
            assertEquals(5, n);
            assertEquals(1, l.skipped());
            assertTrue(warnings.get(0).contains("9.png"), warnings.toString());
        }
        try (BatchLoader l = new BatchLoader(ds, 3, Augment.defaults().eval(8), Normalization.of("imagenet", 3), 4, 2, 2,
                true)) {
            Iterator<Batch> it = l.epoch(1, 1, false, false);
            BadImageException e = assertThrows(BadImageException.class, () -> {
                while (it.hasNext()) {
                    it.next();
                }
            });
            assertTrue(e.getMessage().contains("9.png"));
        }
    }

    @Test
    void epochsAreAFunctionOfSeedAndEpochWhateverTheThreads() throws Exception {
        Path root = tmp.resolve("shapes");
        ImageDataset ds = SyntheticShapes.write(root, 3, 6, 16, 1);
        Augment aug = new Augment("auto", true, true, true, true, false, 0.2, "imagenet");
        List<float[]> one = batches(ds, aug, 1, 5, 2);
        List<float[]> four = batches(ds, aug, 3, 5, 2);
        assertEquals(one.size(), four.size());
        for (int i = 0; i < one.size(); i++) {
            assertArrayEquals(one.get(i), four.get(i));
        }
        List<float[]> other = batches(ds, aug, 1, 5, 3);
        assertTrue(!Arrays.equals(one.get(0), other.get(0)), "another epoch, another order and augmentation");
        assertArrayEquals(BatchLoader.order(10, 5, 2, true), BatchLoader.order(10, 5, 2, true));
    }

    static List<float[]> batches(ImageDataset ds, Augment aug, int workers, long seed, int epoch) {
        List<float[]> out = new ArrayList<>();
        try (BatchLoader l = new BatchLoader(ds, 3, aug.train(12), Normalization.of("imagenet", 3), 4, workers, 3, true)) {
            l.epoch(seed, epoch, true, true).forEachRemaining(b -> out.add(b.data()));
        }
        return out;
    }

    @Test
    void syntheticShapesAreWritten() throws Exception {
        ImageDataset ds = SyntheticShapes.write(tmp.resolve("s"), 4, 3, 20, 2);
        assertEquals(List.of("circle", "cross", "square", "triangle"), ds.classes());
        assertEquals(12, ds.size());
        ByteArrayOutputStream unused = new ByteArrayOutputStream();
        assertEquals(20, ImageIO.read(ds.samples().get(0).path().toFile()).getWidth());
        unused.close();
    }
}
