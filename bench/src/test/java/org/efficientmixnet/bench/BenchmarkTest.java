package org.efficientmixnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's own bookkeeping; timings themselves are never asserted. */
class BenchmarkTest {

    @Test
    void configurationsAndMedian() {
        assertEquals(BenchWorker.Config.TRAIN_128_B32, BenchWorker.Config.fromId("train_128_b32"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchWorker.Config.fromId("x"));
        assertTrue(e.getMessage().contains("infer_224_b1"));
        assertEquals(2.0, BenchWorker.median(List.of(3.0, 1.0, 2.0)));
        assertEquals(2.5, BenchWorker.median(List.of(4.0, 1.0, 2.0, 3.0)));
    }

    @Test
    void workerMeasuresATinyRunAndReportsFiniteOutputs() throws Exception {
        JsonObject o = BenchWorker.measure("efficientnet_b0", BenchWorker.Config.INFER_224_B1, 1, 0);
        assertTrue(o.get("finite").getAsBoolean());
        assertEquals(5_288_548L, o.get("params").getAsLong());
        assertTrue(o.get("images_per_s").getAsDouble() > 0);
    }

    @Test
    void stegoBenchmarkEmbedsIntoARealJpeg() throws Exception {
        String line = StegoBenchmark.run(1);
        assertTrue(line.startsWith("j-uniward 512×512") && line.contains("images/s"), line);
        long changes = Long.parseLong(line.replaceAll(".*, (\\d+) changes.*", "$1"));
        assertTrue(changes > 1000, line);
    }

    @Test
    void stegoStagesTimeEveryJpegAlgorithm() throws Exception {
        var rows = StegoBenchmark.stages(1, 128);
        assertEquals(org.efficientmixnet.stego.embed.Algorithms.all().stream().filter(a -> a.jpeg()).count(), rows.size());
        for (var r : rows) {
            assertTrue(r.costs() > 0 && r.simulation() > 0 && r.stc() > 0 && r.stcChanges() > 0, r.toString());
        }
        String t = StegoBenchmark.table(rows, 1, java.util.Map.of("uerd", new double[] {1.0, 2.0}));
        assertTrue(t.contains("| uerd | ") && t.contains("× |"), t);
    }

    @Test
    void oursRunsWithLibtorchHugePagesUnlessTheCallerChose() {
        assertEquals(java.util.Map.of("THP_MEM_ALLOC_ENABLE", "1"), Benchmark.oursEnvironment(java.util.Map.of("PATH", "/bin")));
        assertEquals(java.util.Map.of(), Benchmark.oursEnvironment(java.util.Map.of("THP_MEM_ALLOC_ENABLE", "0")));
    }

    @Test
    void tableShowsRatios() {
        JsonObject ours = new JsonObject();
        ours.addProperty("images_per_s", 30.0);
        ours.addProperty("peak_rss_mb", 200.0);
        ours.addProperty("gflops", 20.0);
        JsonObject peer = new JsonObject();
        peer.addProperty("images_per_s", 20.0);
        peer.addProperty("peak_rss_mb", 400.0);
        Benchmark.Row r = new Benchmark.Row(BenchWorker.Config.INFER_224_B1, ours, peer);
        assertEquals(1.5, r.speedRatio(), 1e-12);
        assertEquals(0.5, r.memoryRatio(), 1e-12);
        assertTrue(Benchmark.table(List.of(r)).contains("| infer_224_b1 | 30.0 | 20.0 | 1.50× | 200 | 400 | 0.50× | 20.0 |"));
    }
}
