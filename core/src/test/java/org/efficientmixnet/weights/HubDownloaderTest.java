package org.efficientmixnet.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the downloader against a hub imitation on 127.0.0.1; nothing reaches the internet. */
class HubDownloaderTest {
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    static final String REPO = "timm/tiny_net.test_in1k";

    @TempDir
    Path tmp;
    HttpServer server;
    byte[] content;
    byte[] served;          // what the CDN actually sends (differs from content for the checksum test)
    String sha;
    volatile boolean dropFirst;
    final AtomicInteger gets = new AtomicInteger();
    final List<String> ranges = new ArrayList<>();
    Path cache;

    @BeforeEach
    void start() throws Exception {
        StateDict sd = new StateDict();
        float[] v = new float[40_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.5f;
        }
        sd.put("conv_stem.weight", TensorData.ofFloats(new long[] {40_000}, v));
        Path f = tmp.resolve("src.safetensors");
        Safetensors.write(f, sd);
        content = Files.readAllBytes(f);
        served = content;
        sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/" + REPO + "/resolve/main/model.safetensors", this::resolve);
        server.createContext("/cdn/blob", this::blob);
        server.start();
        cache = tmp.resolve("hub");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void resolve(HttpExchange x) throws IOException {
        x.getResponseHeaders().add("X-Repo-Commit", COMMIT);
        x.getResponseHeaders().add("X-Linked-Etag", "\"" + sha + "\"");
        x.getResponseHeaders().add("X-Linked-Size", String.valueOf(content.length));
        x.getResponseHeaders().add("Location", "/cdn/blob");
        x.sendResponseHeaders(302, -1);
        x.close();
    }

    private void blob(HttpExchange x) throws IOException {
        gets.incrementAndGet();
        String range = x.getRequestHeaders().getFirst("Range");
        synchronized (ranges) {
            ranges.add(range);
        }
        int from = 0;
        if (range != null) {
            from = Integer.parseInt(range.replaceAll("bytes=(\\d+)-.*", "$1"));
            x.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (served.length - 1) + "/" + served.length);
        }
        int len = served.length - from;
        x.sendResponseHeaders(range != null ? 206 : 200, len);
        OutputStream out = x.getResponseBody();
        if (dropFirst) {
            dropFirst = false;
            out.write(served, from, len / 2);
            out.flush();
            x.close(); // fewer bytes than announced: the connection is cut mid-way
            return;
        }
        out.write(served, from, len);
        out.close();
    }

    private HubDownloader downloader(Map<String, String> env) {
        return new HubDownloader(env::get).setProgress(DownloadProgress.NONE);
    }

    private String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList();
        }
    }

    @Test
    void downloadsIntoTheHuggingFaceCacheLayout() throws IOException {
        List<long[]> seen = new ArrayList<>();
        HubDownloader d = downloader(Map.of("HF_ENDPOINT", endpoint(), "HF_HUB_CACHE", cache.toString()))
                .setProgress(new DownloadProgress() {
                    public void start(String name, long resumedFrom, long total) {
                        seen.add(new long[] {resumedFrom, total});
                    }

                    public void advance(long done, long total) {
                        seen.add(new long[] {done, total});
                    }

                    public void finish(boolean success) {
                        seen.add(new long[] {success ? 1 : 0});
                    }
                });
        Path p = d.download(REPO, "model.safetensors");
        Path folder = cache.resolve("models--timm--tiny_net.test_in1k");
        assertEquals(folder.resolve("snapshots/" + COMMIT + "/model.safetensors"), p);
        assertTrue(Files.isSymbolicLink(p));
        assertEquals(Path.of("../../blobs/" + sha), Files.readSymbolicLink(p));
        assertArrayEquals(content, Files.readAllBytes(folder.resolve("blobs/" + sha)));
        assertEquals(COMMIT, Files.readString(folder.resolve("refs/main")));
        assertEquals(1, WeightFiles.read(p).size());
        assertEquals(content.length, seen.get(seen.size() - 2)[0], "progress reached the end");
        assertEquals(1, seen.get(seen.size() - 1)[0]);

        // a second call finds the blob and does not download again
        assertEquals(p, d.download(REPO, "model.safetensors"));
        assertEquals(1, gets.get());
    }

    @Test
    void checksumMismatchFailsAndLeavesNoFile() throws IOException {
        served = content.clone();
        served[served.length - 1] ^= 1;
        HubDownloader d = downloader(Map.of("HF_ENDPOINT", endpoint())).setCacheDir(cache);
        IOException e = assertThrows(IOException.class, () -> d.download(REPO, "model.safetensors"));
        assertTrue(e.getMessage().contains("checksum mismatch") && e.getMessage().contains(sha), e.getMessage());
        assertEquals(List.of(), filesUnder(cache), "no blob, no .incomplete, no snapshot");
        assertFalse(Files.exists(cache.resolve("models--timm--tiny_net.test_in1k/snapshots/" + COMMIT + "/model.safetensors")));
    }

    @Test
    void interruptedDownloadResumesWithRange() throws IOException {
        dropFirst = true;
        HubDownloader d = downloader(Map.of()).setEndpoint(endpoint()).setCacheDir(cache);
        IOException e = assertThrows(IOException.class, () -> d.download(REPO, "model.safetensors"));
        assertTrue(e.getMessage().contains("run again to resume"), e.getMessage());
        Path blobs = cache.resolve("models--timm--tiny_net.test_in1k/blobs");
        Path part = blobs.resolve(sha + ".incomplete");
        assertTrue(Files.isRegularFile(part));
        long partial = Files.size(part);
        assertTrue(partial > 0 && partial < content.length, "partial " + partial);
        assertFalse(Files.exists(blobs.resolve(sha)), "nothing that looks complete");
        assertFalse(Files.exists(cache.resolve("models--timm--tiny_net.test_in1k/snapshots")));

        Path p = d.download(REPO, "model.safetensors");
        assertArrayEquals(content, Files.readAllBytes(p));
        assertEquals(2, gets.get());
        assertNull(ranges.get(0));
        assertEquals("bytes=" + partial + "-", ranges.get(1));
        assertFalse(Files.exists(part));
    }

    @Test
    void anUnreachableHubSaysWhyNeverNull() throws IOException {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        } // closed: nothing listens there now
        HubDownloader d = downloader(Map.of()).setEndpoint("http://127.0.0.1:" + port).setCacheDir(tmp.resolve("c"));
        IOException e = assertThrows(IOException.class, () -> d.download(REPO, "model.safetensors"));
        assertFalse(e.getMessage().contains("(null)"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot reach") && e.getMessage().contains("connection refused"), e.getMessage());
        assertEquals("unknown host (no network or no DNS?)",
                HubDownloader.reason(new IOException(new java.nio.channels.UnresolvedAddressException())));
        assertEquals("IOException", HubDownloader.reason(new IOException()));
        assertEquals("deep", HubDownloader.reason(new IOException(null, new RuntimeException("deep"))));
    }

    @Test
    void offlineUsesTheCacheOrFailsClearly() throws IOException {
        HubDownloader off = downloader(Map.of("HF_HUB_OFFLINE", "1", "HF_HOME", tmp.resolve("home").toString()));
        assertTrue(off.offline());
        assertEquals(tmp.resolve("home").resolve("hub"), off.cacheDir());
        IOException e = assertThrows(IOException.class, () -> off.download(REPO, "model.safetensors"));
        assertTrue(e.getMessage().contains("offline") && e.getMessage().contains(REPO), e.getMessage());
        assertEquals(0, gets.get());

        downloader(Map.of()).setEndpoint(endpoint()).setCacheDir(off.cacheDir()).download(REPO, "model.safetensors");
        server.stop(0); // the network is gone now
        Path p = off.download(REPO, "model.safetensors");
        assertArrayEquals(content, Files.readAllBytes(p));
        assertEquals(1, gets.get());
    }

    @Test
    void unreachableHubFallsBackToTheCacheAndMissingFilesSay404() throws IOException {
        HubDownloader d = downloader(Map.of()).setEndpoint(endpoint()).setCacheDir(cache);
        IOException e = assertThrows(IOException.class, () -> d.download(REPO, "nope.safetensors"));
        assertTrue(e.getMessage().contains("404"), e.getMessage());
        Path p = d.download(REPO, "model.safetensors");
        server.stop(0);
        assertEquals(p, d.download(REPO, "model.safetensors"), "cached copy used when the hub is unreachable");
        e = assertThrows(IOException.class, () -> d.download("timm/other", "model.safetensors"));
        assertTrue(e.getMessage().contains("not cached"), e.getMessage());
    }

    @Test
    void stderrBarDrawsPercentages() {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        DownloadProgress bar = DownloadProgress.bar(new java.io.PrintStream(buf, true));
        bar.start("timm/x", 0, 200);
        bar.advance(100, 200);
        bar.advance(101, 200);
        bar.advance(200, 200);
        bar.finish(true);
        String s = buf.toString();
        assertTrue(s.contains(" 50%") && s.contains("100%") && s.contains("timm/x"), s);
        assertEquals(2, s.split("\r").length - 1, "redrawn once per percent");
    }

    @Test
    void refusesNamesThatLeaveTheCache() {
        HubDownloader d = downloader(Map.of()).setCacheDir(cache).setOffline(true);
        assertThrows(IllegalArgumentException.class, () -> d.download("../etc", "model.safetensors"));
        assertThrows(IllegalArgumentException.class, () -> d.download(REPO, "main", "../../x"));
    }

    @Test
    void environmentPicksEndpointAndCache() {
        HubDownloader d = downloader(Map.of("HF_ENDPOINT", "http://mirror.local", "XDG_CACHE_HOME", "/x"));
        assertEquals("http://mirror.local", d.endpoint());
        assertEquals(Path.of("/x/huggingface/hub"), d.cacheDir());
        assertFalse(d.offline());
        assertEquals(HubDownloader.DEFAULT_ENDPOINT, downloader(Map.of()).endpoint());
        assertEquals("abc", HubDownloader.normalizeEtag("W/\"abc\""));
    }
}
