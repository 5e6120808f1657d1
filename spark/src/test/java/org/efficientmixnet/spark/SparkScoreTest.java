package org.efficientmixnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.efficientmixnet.models.ModelSpec;
import org.efficientmixnet.stego.dataset.EmbedJob;
import org.efficientmixnet.stego.dataset.GrayImages;
import org.efficientmixnet.stego.embed.Algorithm;
import org.efficientmixnet.steganalysis.Detector;
import org.efficientmixnet.steganalysis.DetectorConfig;
import org.efficientmixnet.steganalysis.DetectorTraining;
import org.efficientmixnet.train.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkScoreTest {
    @TempDir
    Path dir;

    /** A detector trained for one epoch on 16 tiny covers and their LSB-matching stegos (seconds). */
    static Path tinyDetector(Path dir) throws Exception {
        Path covers = Files.createDirectories(dir.resolve("covers"));
        for (int i = 0; i < 16; i++) {
            GrayImages.writePng(covers.resolve(String.format("c%04d.png", i)), SparkEmbedTest.texture(16, i));
        }
        Path stegos = dir.resolve("stegos");
        EmbedJob.run(new EmbedJob.Options(Algorithm.fromId("lsb-matching"), 1.0, 1.0, covers, stegos, 1, 2), (d, t) -> { });
        ModelSpec spec = new ModelSpec("tiny", "cn_r1_k3_s1_c8;ir_r1_k3_s2_e2_c16", null, null, null, null, null, null,
                null, null, "relu", null, null);
        DetectorConfig c = DetectorConfig.builder(covers, List.of(stegos), spec).epochs(1).batch(8).lr(2e-3)
                .valFraction(0.25).testFraction(0.25).workers(1).seed(9).build();
        Path run = dir.resolve("spark-score-test-run");
        DetectorTraining.create(c, run).progress(Progress.silent()).log(m -> { }).fit();
        return run;
    }

    @Test
    void scoresEqualTheLocalDetectorsAndABadImageIsAnErrorRow() throws Exception {
        SparkSession spark = LocalSpark.get();
        Path run = tinyDetector(dir);
        Path images = Files.createDirectories(dir.resolve("images"));
        for (String sub : List.of("covers", "stegos")) {
            try (var s = Files.list(dir.resolve(sub))) {
                for (Path p : s.filter(p -> p.toString().endsWith(".png")).toList()) {
                    Files.copy(p, Files.createDirectories(images.resolve(sub)).resolve(p.getFileName()));
                }
            }
        }
        Files.write(images.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Files.writeString(images.resolve("notes.txt"), "not an image");

        Map<String, Detector.Score> local = new HashMap<>();
        String localFailure;
        try (Detector d = Detector.load(run)) { // what emn stego detect prints
            Detector.Detection det = d.score(List.of(images));
            det.scores().forEach(s -> local.put(images.relativize(s.file()).toString(), s));
            assertEquals(1, det.failures().size());
            localFailure = det.failures().get(0).reason();
        }
        Path out = dir.resolve("scores");
        long before = SparkScore.SCORED.get();
        SparkScore.Report r = SparkScore.run(spark, new SparkScore.Options(run.toString(),
                List.of(images.toString()), out.toString(), 5, 1, 3, null));
        assertEquals(List.of("cover", "stego"), r.classes());
        assertEquals(33, r.images());
        assertEquals(33, SparkScore.SCORED.get() - before, "each image handed to the detector once for both tables and the counts");
        assertEquals(1, r.failed());
        List<Row> parquet = spark.read().parquet(out.resolve("scores.parquet").toString()).orderBy("path").collectAsList();
        assertEquals(33, parquet.size());
        for (Row row : parquet) {
            String rel = images.relativize(Path.of(java.net.URI.create(row.getString(0)))).toString();
            if (rel.equals("broken.png")) {
                assertTrue(row.isNullAt(1));
                assertEquals(localFailure, row.getString(4));
                continue;
            }
            Detector.Score want = local.get(rel);
            assertNotNull(want, rel);
            assertTrue(row.isNullAt(4), row.toString());
            assertEquals(want.stego(), row.getDouble(1), 1e-6, rel);
            assertEquals(want.probabilities()[0], row.getDouble(2), 1e-6, rel);
            assertEquals(want.probabilities()[1], row.getDouble(3), 1e-6, rel);
        }
        // the CSV table holds the same rows
        List<Row> csv = spark.read().option("header", "true").option("inferSchema", "true")
                .csv(out.resolve("scores.csv").toString()).orderBy("path").collectAsList();
        for (int i = 0; i < parquet.size(); i++) {
            assertEquals(parquet.get(i).getString(0), csv.get(i).getString(0));
            if (!parquet.get(i).isNullAt(1)) {
                assertEquals(parquet.get(i).getDouble(1), csv.get(i).getDouble(1), 1e-12);
            }
        }
        assertEquals(List.of("path", "stego", "p_cover", "p_stego", "error"),
                List.of(spark.read().option("header", "true").csv(out.resolve("scores.csv").toString()).columns()));
        assertEquals(33, spark.read().option("header", "true").csv(out.resolve("scores.csv").toString()).count());
    }
}
