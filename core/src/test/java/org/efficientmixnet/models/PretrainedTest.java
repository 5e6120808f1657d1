package org.efficientmixnet.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.efficientmixnet.arch.EfficientNetConfig;
import org.efficientmixnet.arch.Presets;
import org.efficientmixnet.weights.HubDownloader;
import org.efficientmixnet.weights.LoadReport;
import org.efficientmixnet.weights.ModelWeights;
import org.efficientmixnet.weights.PretrainedConfig;
import org.efficientmixnet.weights.PretrainedRegistry;
import org.efficientmixnet.weights.StateDict;
import org.efficientmixnet.weights.WeightFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainedTest {
    @TempDir
    Path dir;

    static float[] run(Model m, NDArray x) {
        return ((Network) m.getBlock()).forward(new ParameterStore(m.getNDManager(), false), x, false).toFloatArray();
    }

    @Test
    void savedBySafetensorsAndNpzAndLoadedGivesIdenticalOutputs() throws Exception {
        EfficientNetConfig c = Presets.efficientNet("mixnet_s").toBuilder().numClasses(7).resolution(64).build();
        try (Model a = Models.create(c)) {
            Path st = dir.resolve("m.safetensors");
            Path npz = dir.resolve("m.npz");
            StateDict sd = ModelWeights.stateDict(a.getBlock());
            WeightFiles.write(st, sd);
            WeightFiles.write(npz, sd);
            NDArray x = a.getNDManager().randomNormal(new Shape(2, 3, 64, 64));
            float[] ya = run(a, x);
            for (Path p : List.of(st, npz)) {
                try (Model b = Models.create(c)) {
                    LoadReport r = Pretrained.load(b, WeightFiles.read(p));
                    assertTrue(r.complete(), r.toString());
                    assertArrayEquals(ya, run(b, x.toDevice(x.getDevice(), true)), 0f, p.toString());
                }
            }
        }
    }

    @Test
    void otherInputChannelsAndClassesInOneCall() throws Exception {
        EfficientNetConfig c = Presets.efficientNet("efficientnet_b0").toBuilder().numClasses(1000).resolution(64).build();
        Path file = dir.resolve("b0.safetensors");
        StateDict sd;
        try (Model a = Models.create(c)) {
            sd = ModelWeights.stateDict(a.getBlock());
            WeightFiles.write(file, sd);
        }
        ModelSpec gray2 = ModelSpec.builder("efficientnet_b0").resolution(64).inChannels(1).classes(2).build();
        ModelSpec.Built r = gray2.create(WeightFiles.read(file));
        try (Model m = r.model()) {
            assertEquals(List.of("classifier.weight", "classifier.bias"), r.weights().shapeMismatches());
            assertTrue(r.weights().missing().isEmpty() && r.weights().unexpected().isEmpty(), r.weights().toString());
            StateDict out = ModelWeights.stateDict(m.getBlock());
            float[] rgb = sd.get("conv_stem.weight").toFloatArray();
            assertEquals(rgb[0] + rgb[9] + rgb[18], out.get("conv_stem.weight").toFloatArray()[0], 1e-6);
            assertArrayEquals(sd.get("blocks.3.1.conv_dw.weight").toFloatArray(), out.get("blocks.3.1.conv_dw.weight").toFloatArray());
        }
        // a wrong architecture is refused before anything is copied
        ModelSpec b2 = ModelSpec.builder("efficientnet_b2").resolution(64).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b2.create(WeightFiles.read(file)));
        assertTrue(e.getMessage().contains("shape mismatch"), e.getMessage());
    }

    @Test
    void pretrainedByNameFromALocalHub() throws Exception {
        // a local stand-in for the hub serves our own weights under timm's repo name
        EfficientNetConfig c = Presets.efficientNet("efficientnet_b0").toBuilder().resolution(64).build();
        byte[] bytes;
        Path file = dir.resolve("served.safetensors");
        float[] expected;
        try (Model a = Models.create(c)) {
            StateDict sd = ModelWeights.stateDict(a.getBlock());
            WeightFiles.write(file, sd);
            bytes = Files.readAllBytes(file);
            expected = sd.get("blocks.1.0.conv_pw.weight").toFloatArray();
        }
        PretrainedConfig pc = PretrainedRegistry.get("efficientnet_b0");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            ex.getResponseHeaders().add("X-Linked-Etag", "\"" + sha + "\"");
            ex.getResponseHeaders().add("ETag", "\"" + sha + "\"");
            ex.getResponseHeaders().add("X-Repo-Commit", "0123456789abcdef0123456789abcdef01234567");
            if (ex.getRequestMethod().equals("HEAD")) {
                ex.getResponseHeaders().add("Content-Length", String.valueOf(bytes.length));
                ex.sendResponseHeaders(200, -1);
            } else {
                ex.sendResponseHeaders(200, bytes.length);
                ex.getResponseBody().write(bytes);
            }
            ex.close();
        });
        server.start();
        try {
            HubDownloader dl = new HubDownloader(k -> null).setEndpoint("http://127.0.0.1:" + server.getAddress().getPort())
                    .setCacheDir(dir.resolve("hub")).setProgress(null);
            ModelSpec.Built r = ModelSpec.builder("efficientnet_b0").resolution(64).classes(3).build()
                    .create(Pretrained.read(pc, "efficientnet_b0", dl));
            try (Model m = r.model()) {
                assertArrayEquals(expected, ModelWeights.stateDict(m.getBlock()).get("blocks.1.0.conv_pw.weight").toFloatArray());
                assertEquals(List.of("classifier.weight", "classifier.bias"), r.weights().shapeMismatches());
            }
            assertTrue(Files.exists(dir.resolve("hub").resolve(dl.repoFolder(pc.repo()).getFileName())), "cached in the HF layout");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void createWithPretrainedTrueReadsTheCacheTheJvmPropertiesName() throws Exception {
        PretrainedConfig pc = PretrainedRegistry.get("mixnet_s");
        StateDict sd;
        try (Model a = Models.create(Presets.get("mixnet_s"))) {
            sd = ModelWeights.stateDict(a.getBlock());
        }
        Path folder = dir.resolve("cache").resolve("models--" + pc.repo().replace("/", "--"));
        String commit = "89abcdef0123456789abcdef0123456789abcdef";
        Files.createDirectories(folder.resolve("refs"));
        Files.writeString(folder.resolve("refs/main"), commit);
        Files.createDirectories(folder.resolve("snapshots").resolve(commit));
        WeightFiles.write(folder.resolve("snapshots").resolve(commit).resolve(pc.file()), sd);
        System.setProperty("HF_HUB_CACHE", dir.resolve("cache").toString());
        System.setProperty("HF_HUB_OFFLINE", "1");
        try (Model m = Models.create("mixnet_s", true)) {
            StateDict got = ModelWeights.stateDict(m.getBlock());
            for (String k : List.of("conv_stem.weight", "blocks.3.0.conv_dw.1.weight", "classifier.weight")) {
                assertArrayEquals(sd.get(k).toFloatArray(), got.get(k).toFloatArray(), k);
            }
        } finally {
            System.clearProperty("HF_HUB_CACHE");
            System.clearProperty("HF_HUB_OFFLINE");
        }
        // offline with nothing cached: the error names the repository
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> Pretrained.read(
                PretrainedRegistry.get("mixnet_m"), "mixnet_m", new HubDownloader(k -> null).setCacheDir(dir.resolve("cache"))
                        .setOffline(true).setProgress(null)));
        assertTrue(e.getMessage().contains("timm/mixnet_m"), e.getMessage());
    }
}
