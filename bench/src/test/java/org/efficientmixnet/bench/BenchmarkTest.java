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
            boolean ownSimulator = r.algorithm().equals("f5") || r.algorithm().equals("j-mipod");   // no STC stage
            assertTrue(r.costs() > 0 && r.simulation() > 0
                    && (ownSimulator ? Double.isNaN(r.stc()) : r.stc() > 0 && r.stcChanges() > 0), r.toString());
        }
        String t = StegoBenchmark.table(rows, 1, java.util.Map.of("uerd", new double[] {1.0, 2.0}));
        assertTrue(t.contains("| uerd | ") && t.contains("× |"), t);
    }

    @Test
    void oursRunsWithLibtorchHugePagesOneMallocArenaAndBoundedSpinningUnlessTheCallerChose() {
        java.util.Map<String, String> training = new java.util.HashMap<>(java.util.Map.of("THP_MEM_ALLOC_ENABLE", "1",
                "GLIBC_TUNABLES", Benchmark.MALLOC_TUNABLES, "GOMP_SPINCOUNT", Benchmark.SPIN_COUNT));
        java.util.Map<String, String> scoring = new java.util.HashMap<>(training);
        scoring.put("GLIBC_TUNABLES", Benchmark.MALLOC_TUNABLES_INFERENCE);
        if (Benchmark.hasAvx512(Benchmark.cpuFlags())) {   // this machine's CPU decides
            training.put("ATEN_CPU_CAPABILITY", "avx512");
            scoring.put("ATEN_CPU_CAPABILITY", "avx512");
        }
        assertEquals(training, Benchmark.oursEnvironment(java.util.Map.of("PATH", "/bin"), false));
        assertEquals(scoring, Benchmark.oursEnvironment(java.util.Map.of("PATH", "/bin"), true));
        assertEquals(java.util.Map.of("GLIBC_TUNABLES", Benchmark.MALLOC_TUNABLES),
                Benchmark.oursEnvironment(java.util.Map.of("THP_MEM_ALLOC_ENABLE", "0", "OMP_WAIT_POLICY", "PASSIVE",
                        "ATEN_CPU_CAPABILITY", "default"), false));
        // emn bench runs with bin/emn's training value: an inference worker gets the inference one, a training worker keeps it
        assertEquals(java.util.Map.of("GLIBC_TUNABLES", Benchmark.MALLOC_TUNABLES_INFERENCE), Benchmark.oursEnvironment(
                java.util.Map.of("THP_MEM_ALLOC_ENABLE", "1", "GLIBC_TUNABLES", Benchmark.MALLOC_TUNABLES, "GOMP_SPINCOUNT", "10000",
                        "ATEN_CPU_CAPABILITY", "avx2"), true));
        assertEquals(java.util.Map.of(), Benchmark.oursEnvironment(
                java.util.Map.of("THP_MEM_ALLOC_ENABLE", "1", "GLIBC_TUNABLES", Benchmark.MALLOC_TUNABLES, "GOMP_SPINCOUNT", "10000",
                        "ATEN_CPU_CAPABILITY", "avx2"), false));
        for (boolean inference : new boolean[] {false, true}) {   // the caller's own choice is kept
            assertEquals(java.util.Map.of(), Benchmark.oursEnvironment(
                    java.util.Map.of("THP_MEM_ALLOC_ENABLE", "0", "GLIBC_TUNABLES", "", "GOMP_SPINCOUNT", "300000",
                            "ATEN_CPU_CAPABILITY", "avx512"), inference));
        }
    }

    @Test
    void avx512KernelsAreAskedForOnlyWhereTheCpuHasThem() {
        assertTrue(Benchmark.hasAvx512("fpu avx2 avx512f avx512dq avx512cd avx512bw avx512vl avx512_vnni"));
        assertTrue(!Benchmark.hasAvx512("fpu sse4_2 avx avx2 fma"));
        assertTrue(!Benchmark.hasAvx512("avx2 avx512f avx512cd"));   // F alone is not enough
        assertTrue(!Benchmark.hasAvx512(""));
    }

    @Test
    void peerRunsWithGlibcAndLibgompDefaultsUnlessTheCallerChoseOtherSettings() {
        java.util.Map<String, String> launcher = java.util.Map.of("GLIBC_TUNABLES", Benchmark.MALLOC_TUNABLES,
                "GOMP_SPINCOUNT", Benchmark.SPIN_COUNT, "PATH", "/bin");
        java.util.Map<String, String> expected = new java.util.HashMap<>();
        expected.put("GLIBC_TUNABLES", "");
        expected.put("GOMP_SPINCOUNT", null);   // removed
        assertEquals(expected, Benchmark.peerEnvironment(launcher));
        assertEquals(java.util.Map.of("GLIBC_TUNABLES", "", "PATH", "/bin"), Benchmark.peerView(launcher));
        assertEquals("OMP_WAIT_POLICY=unset GOMP_SPINCOUNT=unset", Benchmark.ompWait(Benchmark.peerView(launcher)));
        assertEquals(java.util.Map.of(), Benchmark.peerEnvironment(java.util.Map.of("GLIBC_TUNABLES", "glibc.malloc.arena_max=2",
                "GOMP_SPINCOUNT", "500", "OMP_WAIT_POLICY", "PASSIVE")));
        assertEquals(java.util.Map.of(), Benchmark.peerEnvironment(java.util.Map.of()));
    }

    @Test
    void aNullValueRemovesAVariableFromTheBenchmarkProcess() throws Exception {
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("EMN_BENCH_TEST_SET", "yes");
        env.put("HOME", null);
        com.google.gson.JsonObject o = Benchmark.exec(List.of("sh", "-c",
                "printf '{\"set\":\"%s\",\"home\":\"%s\"}\\n' \"$EMN_BENCH_TEST_SET\" \"${HOME-unset}\""), 1, env);
        assertEquals("yes", o.get("set").getAsString());
        assertEquals("unset", o.get("home").getAsString());
    }

    @Test
    void launcherExportsTheBenchmarksEnvironment() throws Exception {
        String launcher = java.nio.file.Files.readString(java.nio.file.Path.of("..", "bin", "emn-env.sh"));
        assertTrue(launcher.contains("EMN_MALLOC_TRAINING=\"" + Benchmark.MALLOC_TUNABLES + "\"\n"), launcher);
        assertTrue(launcher.contains("EMN_MALLOC_INFERENCE=\"" + Benchmark.MALLOC_TUNABLES_INFERENCE + "\"\n"), launcher);
        assertTrue(launcher.contains("export THP_MEM_ALLOC_ENABLE=\"${THP_MEM_ALLOC_ENABLE:-1}\""), launcher);
        assertTrue(launcher.contains("export GOMP_SPINCOUNT=" + Benchmark.SPIN_COUNT + "\n"), launcher);
        assertTrue(launcher.contains("export ATEN_CPU_CAPABILITY=avx512\n"), launcher);
        assertTrue(launcher.contains("\nEMN_JVM_OPTS=\"" + Benchmark.JVM_OPTS + "\"\n"), launcher);
        assertTrue(java.nio.file.Files.readString(java.nio.file.Path.of("..", "bin", "emn")).contains("exec java $EMN_JVM_OPTS "));
        assertTrue(java.nio.file.Files.readString(java.nio.file.Path.of("..", "bin", "emn")).contains(". \"$ROOT/bin/emn-env.sh\""));
    }

    @Test
    void launcherGivesPredictAndEvalTheInferenceMallocSetting() throws Exception {
        java.util.Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("predict img.jpg", Benchmark.MALLOC_TUNABLES_INFERENCE);
        expected.put("eval --data d", Benchmark.MALLOC_TUNABLES_INFERENCE);
        expected.put("stego detect", Benchmark.MALLOC_TUNABLES);
        expected.put("stego eval", Benchmark.MALLOC_TUNABLES);
        expected.put("stego train", Benchmark.MALLOC_TUNABLES);
        expected.put("train", Benchmark.MALLOC_TUNABLES);
        expected.put("demo", Benchmark.MALLOC_TUNABLES);
        expected.put("bench --peer", Benchmark.MALLOC_TUNABLES);
        for (var e : expected.entrySet()) {
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", ". ../bin/emn-env.sh " + e.getKey() + "; printf %s \"$GLIBC_TUNABLES\"");
            pb.environment().remove("GLIBC_TUNABLES");
            pb.environment().remove("EMN_INFERENCE");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor());
            assertEquals(e.getValue(), out, "emn " + e.getKey());
        }
    }

    @Test
    void reportStatesOurWorkersEngineSettings(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        JsonObject ours = new JsonObject();
        ours.addProperty("images_per_s", 30.0);
        ours.addProperty("peak_rss_mb", 200.0);
        ours.addProperty("thp", "1");
        ours.addProperty("malloc", Benchmark.MALLOC_TUNABLES);
        ours.addProperty("omp", "OMP_WAIT_POLICY=unset GOMP_SPINCOUNT=10000");
        ours.addProperty("aten", "avx512");
        ours.addProperty("jvm", "-Xmn64m");
        ours.addProperty("gflops", 50.0);
        ours.addProperty("min_s", 1.0);
        ours.addProperty("max_s", 1.2);
        java.nio.file.Path file = dir.resolve("report.md");
        Benchmark.writeReport(file, List.of(List.of(new Benchmark.Row(BenchWorker.Config.TRAIN_128_B32, ours, null))), "emn bench");
        String t = java.nio.file.Files.readString(file);
        assertTrue(t.contains("THP_MEM_ALLOC_ENABLE=1 ") && t.contains("GLIBC_TUNABLES=" + Benchmark.MALLOC_TUNABLES + ";")
                && t.contains("ATEN_CPU_CAPABILITY=avx512 (libtorch's own kernels); the JVM with -Xmn64m;")
                && t.contains("ours OMP_WAIT_POLICY=unset GOMP_SPINCOUNT=10000"), t);
    }

    @Test
    void bothSidesWarmUpAlike() throws java.io.IOException {
        String peer = java.nio.file.Files.readString(java.nio.file.Path.of("peer", "torch_peer.py"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^WARMUP_SECONDS = ([0-9.]+)").matcher(peer);
        assertTrue(m.find(), "torch_peer.py states WARMUP_SECONDS");
        assertEquals(BenchWorker.Config.WARMUP_SECONDS, Double.parseDouble(m.group(1)), 0.0);
    }

    @Test
    void roundsSummaryGivesEachRoundsRatiosAndTheirMedian() {
        List<List<Benchmark.Row>> rounds = new java.util.ArrayList<>();
        double[][] speeds = {{30, 20}, {20, 20}, {45, 30}};   // ours, peer: ratios 1.5, 1.0, 1.5
        for (double[] sp : speeds) {
            JsonObject ours = new JsonObject();
            ours.addProperty("images_per_s", sp[0]);
            ours.addProperty("peak_rss_mb", 200.0);
            ours.addProperty("min_s", 1.0);
            JsonObject peer = new JsonObject();
            peer.addProperty("images_per_s", sp[1]);
            peer.addProperty("peak_rss_mb", sp[0] == 20 ? 250.0 : 400.0);
            peer.addProperty("min_s", sp[0] / 20);   // fastest iterations: ratios 1.5, 1.0, 2.25
            rounds.add(List.of(new Benchmark.Row(BenchWorker.Config.TRAIN_128_B32, ours, peer)));
        }
        String t = Benchmark.roundsSummary(rounds);
        assertTrue(t.contains("| train_128_b32 | 30.0 (30.0, 20.0, 45.0) | 1.50× (1.50×, 1.00×, 1.50×) | –"
                + " | 1.50× (1.50×, 1.00×, 2.25×) · – | 0.50–0.80× |"), t);
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
        assertTrue(Benchmark.table(List.of(r)).contains("| infer_224_b1 | 30.0 | 20.0 | 1.50× | – | – | – | 200 | 400 | 0.50× | 20.0 |"),
                Benchmark.table(List.of(r)));
    }

    @Test
    void tableNamesTheBestEagerLayoutTheCompiledPeerAndItsVersion() {
        JsonObject ours = new JsonObject();
        ours.addProperty("images_per_s", 30.0);
        ours.addProperty("peak_rss_mb", 200.0);
        ours.addProperty("gflops", 20.0);
        JsonObject cl = peer(25.0, "channels_last");
        JsonObject nchw = peer(20.0, "nchw");
        JsonObject compiled = peer(40.0, "channels_last");
        compiled.addProperty("compile_s", 61.4);
        Benchmark.Row r = new Benchmark.Row(BenchWorker.Config.INFER_224_B16, ours, cl, nchw, compiled);
        assertEquals(0.75, r.compiledRatio(), 1e-12);
        String t = Benchmark.table(List.of(r));
        assertTrue(t.contains("| infer_224_b16 | 30.0 | 25.0 (CL) | 1.20× | 20.0 (NCHW) | 40.0 (61 s) | 0.75× | 200 | 400 | 0.50× | 20.0 |"), t);
        assertTrue(t.contains("Peer: pytorch 2.13.0+cpu timm 1.0."), t);
    }

    private static JsonObject peer(double ips, String layout) {
        JsonObject p = new JsonObject();
        p.addProperty("images_per_s", ips);
        p.addProperty("peak_rss_mb", 400.0);
        p.addProperty("layout", layout);
        p.addProperty("impl", "pytorch 2.13.0+cpu timm 1.0");
        return p;
    }

    @Test
    void stegoConfigurationsAreGrayscaleTwoClassWithTheSurgery() {
        BenchWorker.Config c = BenchWorker.Config.fromId("train_stego_256_b16");
        assertEquals(BenchWorker.Config.TRAIN_STEGO_256_B16, c);
        assertEquals(BenchWorker.Config.INFER_STEGO_256_B32, BenchWorker.Config.fromId("infer_stego_256_b32"));
        var cfg = c.network("efficientnet_b0");
        assertEquals(1, cfg.inChannels());
        assertEquals(2, cfg.numClasses());
        assertEquals(256, cfg.resolution());
        assertEquals(1, cfg.stemStride());
        assertEquals(2, cfg.postStemBlocks());
        // efficientnet_b0 (5,288,548) with 2 classes (classifier 1280·1000 + 1000 → 1280·2 + 2), 1 input channel
        // (stem 32·3·9 → 32·1·9), plus two inverted residuals at width 32, each 32·192 + 192·2 + 9·192 + 192·2
        // + SE (192·8 + 8 + 8·192 + 192) + 192·32 + 32·2 = 18,120 (batch-norm running statistics not counted)
        assertEquals(5_288_548L - 1_281_000 + 2_562 - 576 + 2 * 18_120, org.efficientmixnet.models.Models.countParameters(
                org.efficientmixnet.models.Models.build(cfg)));
    }

    @Test
    void loaderRunsTheSteganalysisPairBatchesOverWrittenPairs() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("loader-test");
        try {
            List<java.nio.file.Path> files = LoaderBenchmark.writePairs(dir, 8);
            assertEquals(16, files.size());
            // the stego differs from its cover, both are 256×256 JPEGs
            assertTrue(!java.util.Arrays.equals(java.nio.file.Files.readAllBytes(files.get(0)), java.nio.file.Files.readAllBytes(files.get(1))));
            LoaderBenchmark.Result one = LoaderBenchmark.measure(dir, 1, 1);
            LoaderBenchmark.Result two = LoaderBenchmark.measure(dir, 2, 1);
            assertEquals(16, one.images());
            assertEquals(16, two.images());
            assertTrue(one.imagesPerSecond() > 0 && two.imagesPerSecond() > 0);
        } finally {
            try (var s = java.nio.file.Files.walk(dir)) {
                for (java.nio.file.Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(p);
                }
            }
        }
    }

    @Test
    void leverAlternationTimesAAndBSeparately() {
        // A sleeps ~2 ms, B ~8 ms: the medians come back in that order, each from its own iterations
        double[] t = LeverBenchmark.alternate(3, i -> {
            try {
                Thread.sleep(i % 2 == 0 ? 2 : 8);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(t[0] >= 0.002 && t[1] >= 0.008 && t[1] > t[0], java.util.Arrays.toString(t));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LeverBenchmark.run("efficientnet_b0", BenchWorker.Config.INFER_224_B1, 1, java.util.Set.of("folding")));
        assertTrue(e.getMessage().contains("folding"), e.getMessage());
        // a training configuration has the whole-block TorchScript lever only
        assertTrue(LeverBenchmark.run("efficientnet_b0", BenchWorker.Config.TRAIN_128_B32, 1, java.util.Set.of("fold")).isEmpty());
    }

    /** Every operation kind runs through our calls; the table pairs each with the peer's figure and sums both. */
    @Test
    void operationBenchmarkTimesEveryKindAndTabulatesAgainstThePeer() {
        List<OpBenchmark.Op> ops = List.of(new OpBenchmark.Op("dw", "conv", 8, 8, 9, 3, 2, 8), new OpBenchmark.Op("act", "silu", 8, 8, 9, 0, 0, 0),
                new OpBenchmark.Op("mean", "mean", 8, 8, 9, 0, 0, 0), new OpBenchmark.Op("scale", "mul", 8, 8, 9, 0, 0, 0),
                new OpBenchmark.Op("sum", "add", 8, 8, 9, 0, 0, 0));
        for (boolean training : new boolean[] {false, true}) {
            List<OpBenchmark.Op> all = new java.util.ArrayList<>(ops);
            all.add(new OpBenchmark.Op("norm", "bn", 8, 8, 9, 0, 0, 0));
            var ours = OpBenchmark.ours(all, 2, 3, training);
            assertEquals(List.of("dw", "act", "mean", "scale", "sum", "norm"), List.copyOf(ours.keySet()));
            ours.values().forEach(v -> assertTrue(v > 0, "a median of " + v + " µs"));
        }
        JsonObject peer = com.google.gson.JsonParser.parseString(
                "{\"torch\":\"9.9\",\"ops\":{\"dw\":2.0,\"act\":1.0,\"mean\":1.0,\"scale\":1.0,\"sum\":1.0,\"dw+silu fused\":2.5}}").getAsJsonObject();
        java.util.Map<String, Double> fixed = new java.util.LinkedHashMap<>();
        ops.forEach(o -> fixed.put(o.name(), 4.0));
        String t = OpBenchmark.table(ops, 2, fixed, peer);
        assertTrue(t.contains("| dw | 2×8×9×9 → 8, k3 s2 dw | 4 | 2 | 2.00× | 3 |"), t);
        assertTrue(t.contains("| all of the above | | 20 | 6 | 3.33× | |"), t);
        assertTrue(t.contains("pytorch 9.9") && t.contains("THP_MEM_ALLOC_ENABLE="), t);
        assertThrows(IllegalArgumentException.class, () -> OpBenchmark.ours(List.of(new OpBenchmark.Op("x", "gelu", 1, 1, 2, 0, 0, 0)), 1, 1, false));
    }
}
