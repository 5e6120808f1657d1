package org.efficientmixnet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.efficientmixnet.stego.dataset.CoverPreparation;
import org.efficientmixnet.stego.dataset.EmbedJob;
import org.efficientmixnet.stego.dataset.GrayImages;
import org.efficientmixnet.stego.embed.Algorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkEmbedTest {
    @TempDir
    Path dir;

    static int[][] texture(int size, long seed) {
        Random r = new Random(seed);
        int[][] px = new int[size][size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                px[y][x] = (int) Math.max(0, Math.min(255, 128 + 50 * Math.sin(x / 3.0 + seed) + r.nextGaussian() * 20));
            }
        }
        return px;
    }

    /** n covers, a non-image file and, when asked, a corrupt cover "bad". */
    Path covers(String name, boolean jpeg, int n, boolean corrupt) throws Exception {
        Path c = Files.createDirectories(dir.resolve(name));
        for (int i = 0; i < n; i++) {
            if (jpeg) {
                CoverPreparation.writeJpeg(c.resolve("c" + i + ".jpg"), GrayImages.toImage(texture(48, i)), 75);
            } else {
                GrayImages.writePng(c.resolve("c" + i + ".png"), texture(48, i));
            }
        }
        if (corrupt) {
            byte[] good = Files.readAllBytes(c.resolve(jpeg ? "c0.jpg" : "c0.png"));
            Files.write(c.resolve(jpeg ? "bad.jpg" : "bad.png"), java.util.Arrays.copyOf(good, good.length / 3));
        }
        Files.writeString(c.resolve("README.txt"), "not an image");
        return c;
    }

    static List<String> names(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static void assertSameStegos(Path local, Path spark, List<String> stegos) throws Exception {
        for (String n : stegos) {
            assertArrayEquals(Files.readAllBytes(local.resolve(n)), Files.readAllBytes(spark.resolve(n)), n);
        }
        assertEquals(Files.readString(local.resolve("manifest.csv")), Files.readString(spark.resolve("manifest.csv")));
    }

    @Test
    void jpegEmbeddingEqualsTheLocalJobByteForByteAndARerunSkipsEverything() throws Exception {
        SparkSession spark = LocalSpark.get();
        Path c = covers("jpg", true, 6, true);
        Algorithm a = Algorithm.fromId("j-uniward");
        Path local = dir.resolve("local");
        EmbedJob.Report lr = EmbedJob.run(new EmbedJob.Options(a, 0.2, 0.4, c, local, 11, 2), (d, t) -> { });
        Path out = dir.resolve("spark");
        SparkEmbed.Report r = SparkEmbed.run(spark, new SparkEmbed.Options("j-uniward", null, 0.2, 0.4, c.toString(),
                out.toString(), 11, 3));

        assertEquals(7, r.covers());
        assertEquals(6, r.embedded().size());
        assertEquals(lr.embedded(), r.embedded());
        assertEquals(List.of("README.txt"), r.notImages());
        // the corrupt cover is a row of the errors table, the others finished
        assertEquals(1, r.failures().size());
        assertEquals("bad.jpg", r.failures().get(0).cover());
        assertTrue(r.failures().get(0).error().contains("bad.jpg"), r.failures().get(0).error());
        assertEquals(List.of("bad.jpg"), lr.failures().stream().map(EmbedJob.Failure::cover).toList());
        List<String> stegos = lr.embedded().stream().map(EmbedJob.Row::stego).toList();
        assertSameStegos(local, out, stegos);
        // same layout: stegos, manifest and errors (plus the two tables); no checksum or temporary files
        List<String> expected = new ArrayList<>(names(local));
        expected.add("errors.parquet");
        expected.add("manifest.parquet");
        expected.sort(null);
        assertEquals(expected, names(out));

        List<Row> manifest = spark.read().parquet(out.resolve("manifest.parquet").toString()).orderBy("cover").collectAsList();
        assertEquals(6, manifest.size());
        List<String> csv = Files.readAllLines(local.resolve("manifest.csv"));
        for (int i = 0; i < 6; i++) {
            EmbedJob.Row want = SparkEmbed.row(csv.get(i + 1)); // the table holds the manifest's rows, as written
            Row got = manifest.get(i);
            assertEquals(want, new EmbedJob.Row(got.getString(0), got.getString(1), got.getString(2), got.getDouble(3),
                    got.getString(4), got.getLong(5), got.getDouble(6), got.getLong(7)));
        }
        List<Row> errors = spark.read().parquet(out.resolve("errors.parquet").toString()).collectAsList();
        assertEquals(1, errors.size());
        assertEquals("bad.jpg", errors.get(0).getString(0));
        assertEquals(r.failures().get(0).error(), errors.get(0).getString(1));

        // a rerun embeds nothing and leaves every stego as it was
        FileTime before = Files.getLastModifiedTime(out.resolve("c3.jpg"));
        Files.setLastModifiedTime(out.resolve("c3.jpg"), FileTime.fromMillis(before.toMillis() - 60_000));
        FileTime old = Files.getLastModifiedTime(out.resolve("c3.jpg"));
        SparkEmbed.Report again = SparkEmbed.run(spark, new SparkEmbed.Options("j-uniward", null, 0.2, 0.4, c.toString(),
                out.toString(), 11, 0));
        assertEquals(0, again.embedded().size());
        assertEquals(6, again.skipped().size());
        assertEquals(0, again.recovered().size());
        assertEquals(1, again.failures().size());
        assertEquals(old, Files.getLastModifiedTime(out.resolve("c3.jpg")));
        assertSameStegos(local, out, stegos);

        // an output replaced after its row was written (here by its cover) is not trusted on a rerun, as locally
        byte[] c3 = Files.readAllBytes(out.resolve("c3.jpg"));
        Files.copy(c.resolve("c3.jpg"), out.resolve("c3.jpg"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        SparkEmbed.Report tampered = SparkEmbed.run(spark, new SparkEmbed.Options("j-uniward", null, 0.2, 0.4,
                c.toString(), out.toString(), 11, 0));
        assertEquals(2, tampered.failures().size(), tampered.failures().toString());
        assertTrue(tampered.failures().stream().anyMatch(f -> f.cover().equals("c3.jpg")
                && f.error().contains("manifest row")), tampered.failures().toString());
        Files.write(out.resolve("c3.jpg"), c3);

        // a manifest lost (a run killed before its end): the rows are rebuilt from covers and stegos, equal
        Files.delete(out.resolve("manifest.csv"));
        SparkEmbed.Report rebuilt = SparkEmbed.run(spark, new SparkEmbed.Options("j-uniward", null, 0.2, 0.4,
                c.toString(), out.toString(), 11, 0));
        assertEquals(0, rebuilt.embedded().size());
        assertEquals(6, rebuilt.recovered().size());
        assertEquals(lr.embedded(), rebuilt.recovered());
        assertSameStegos(local, out, stegos);
    }

    @Test
    void spatialEmbeddingWithAVariantEqualsTheLocalJob() throws Exception {
        SparkSession spark = LocalSpark.get();
        Path c = covers("png", false, 5, false);
        Algorithm a = Algorithm.fromId("hill");
        Path local = dir.resolve("local");
        EmbedJob.Report lr = EmbedJob.run(new EmbedJob.Options(a, 0.4, 0.4, c, local, 3, 2), (d, t) -> { });
        Path out = dir.resolve("spark");
        SparkEmbed.Report r = SparkEmbed.run(spark, new SparkEmbed.Options("hill", null, 0.4, 0.4, c.toString(),
                out.toString(), 3, 0));
        assertEquals(lr.embedded(), r.embedded());
        assertTrue(r.failures().isEmpty());
        assertNull(r.errors());
        assertSameStegos(local, out, lr.embedded().stream().map(EmbedJob.Row::stego).toList());
    }
}
