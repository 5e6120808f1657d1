package org.efficientmixnet.weights;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.efficientmixnet.io.AtomicFile;

/**
 * Downloads files from the Hugging Face hub into the cache layout {@code huggingface_hub} uses, so files a Python
 * user already has are found and ours are found by Python:
 * {@code <cache>/models--<owner>--<name>/{blobs/<etag>, snapshots/<commit>/<file> -> ../../blobs/<etag>,
 * refs/<revision>}}.
 *
 * <p>Behaviour: {@code HEAD {endpoint}/{repo}/resolve/{revision}/{file}} (redirects not followed) gives the commit
 * ({@code X-Repo-Commit}), the content hash ({@code X-Linked-Etag}, else {@code ETag}: the SHA-256 of LFS files,
 * the git blob SHA-1 of small ones) and the size; the body goes to {@code blobs/<etag>.incomplete}, resumed with an
 * HTTP Range request when a previous attempt left one, and is renamed into place only once its hash matches. A
 * mismatch deletes it. Nothing that looks complete is ever left after a failure.
 *
 * <p>Environment: {@code HF_ENDPOINT} (default {@code https://huggingface.co}), {@code HF_HUB_CACHE}, else
 * {@code HF_HOME/hub}, else {@code XDG_CACHE_HOME/huggingface/hub}, else {@code ~/.cache/huggingface/hub};
 * {@code HF_HUB_OFFLINE=1} uses the cache only; {@code HF_TOKEN} is sent to the endpoint for gated repositories.
 * Setters override each.
 */
public final class HubDownloader {
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final java.util.Set<String> TRUTHY = java.util.Set.of("1", "ON", "YES", "TRUE");

    private String endpoint;
    private Path cacheDir;
    private boolean offline;
    private String token;
    private DownloadProgress progress = DownloadProgress.stderr();
    private Duration timeout = Duration.ofSeconds(30);

    /**
     * Configured from the process environment; a variable that is not set there may be given as a system property of
     * the same name ({@code -DHF_HUB_OFFLINE=1}), the JVM's way of setting it for one program.
     */
    public HubDownloader() {
        this(k -> System.getenv(k) != null ? System.getenv(k) : System.getProperty(k));
    }

    /** Configured from the given environment lookup (tests pass a map's {@code get}). */
    public HubDownloader(Function<String, String> env) {
        String e = env.apply("HF_ENDPOINT");
        endpoint = e == null || e.isBlank() ? DEFAULT_ENDPOINT : e;
        cacheDir = defaultCache(env);
        String off = env.apply("HF_HUB_OFFLINE");
        offline = off != null && TRUTHY.contains(off.strip().toUpperCase(Locale.ROOT));
        token = env.apply("HF_TOKEN");
    }


    /**
     * Why a connection failed, in words: Java's HTTP client often throws exceptions without a message (a refused
     * connection, an unknown host), so the cause chain and the exception's kind are read instead of printing "null".
     */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.http.HttpConnectTimeoutException || t instanceof java.net.http.HttpTimeoutException) {
                return "timed out" + (t.getMessage() != null ? ": " + t.getMessage() : "");
            }
            if (t instanceof java.net.ConnectException) {
                return "connection refused or failed" + (t.getMessage() != null ? ": " + t.getMessage() : "");
            }
            if (t instanceof java.net.UnknownHostException || t instanceof java.nio.channels.UnresolvedAddressException) {
                return "unknown host" + (t.getMessage() != null ? " " + t.getMessage() : " (no network or no DNS?)");
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return "TLS failed" + (t.getMessage() != null ? ": " + t.getMessage() : "");
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    static Path defaultCache(Function<String, String> env) {
        for (String v : new String[] {"HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"}) {
            String s = env.apply(v);
            if (s != null && !s.isBlank()) {
                return Path.of(s);
            }
        }
        String home = env.apply("HF_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home, "hub");
        }
        String xdg = env.apply("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "huggingface", "hub");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "huggingface", "hub");
    }

    public HubDownloader setEndpoint(String endpoint) {
        this.endpoint = endpoint;
        return this;
    }

    public HubDownloader setCacheDir(Path dir) {
        this.cacheDir = dir;
        return this;
    }

    public HubDownloader setOffline(boolean offline) {
        this.offline = offline;
        return this;
    }

    public HubDownloader setToken(String token) {
        this.token = token;
        return this;
    }

    public HubDownloader setProgress(DownloadProgress progress) {
        this.progress = progress == null ? DownloadProgress.NONE : progress;
        return this;
    }

    public HubDownloader setTimeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    public String endpoint() {
        return endpoint;
    }

    public Path cacheDir() {
        return cacheDir;
    }

    public boolean offline() {
        return offline;
    }

    /** The weights of a registry entry ({@link PretrainedRegistry#get}), downloaded if not cached. */
    public Path download(PretrainedConfig config) throws IOException {
        return download(config.repo(), "main", config.file());
    }

    /** {@code file} of {@code repo} at revision {@code main}. */
    public Path download(String repo, String file) throws IOException {
        return download(repo, "main", file);
    }

    /** The cache folder of a repository: {@code models--owner--name}. */
    public Path repoFolder(String repo) {
        return cacheDir.resolve("models--" + repo.replace("/", "--"));
    }

    /** The cached snapshot file for {@code revision} (a branch, tag or commit), if present. */
    public Optional<Path> cached(String repo, String revision, String file) throws IOException {
        Path folder = repoFolder(repo);
        String commit = revision;
        if (!COMMIT.matcher(revision).matches()) {
            Path ref = folder.resolve("refs").resolve(revision);
            if (!Files.isRegularFile(ref)) {
                return Optional.empty();
            }
            commit = Files.readString(ref, StandardCharsets.UTF_8).strip();
        }
        Path p = folder.resolve("snapshots").resolve(commit).resolve(file);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty(); // follows the symlink: blob must exist
    }

    /**
     * {@code file} of {@code repo} at {@code revision}, from the cache when it holds the current commit's file,
     * otherwise downloaded, verified and cached. Offline, only the cache is used.
     *
     * @throws IOException naming the repository and file when offline without a cached copy, on HTTP errors,
     *                     on a hash mismatch, or when the connection drops (a later call resumes)
     */
    public Path download(String repo, String revision, String file) throws IOException {
        checkNames(repo, revision, file);
        if (offline) {
            return cached(repo, revision, file).orElseThrow(() -> new IOException("offline (HF_HUB_OFFLINE) and "
                    + repo + "/" + file + " at '" + revision + "' is not in the cache " + repoFolder(repo)
                    + "; download it once while online, or copy it there"));
        }
        URI url = URI.create(endpoint.replaceAll("/+$", "") + "/" + repo + "/resolve/" + revision + "/" + file);
        HttpClient noRedirect = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<Void> head;
        try {
            head = noRedirect.send(authorized(HttpRequest.newBuilder(url).method("HEAD", HttpRequest.BodyPublishers.noBody()))
                    .timeout(timeout).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            Optional<Path> c = cached(repo, revision, file);
            if (c.isPresent()) {
                return c.get(); // like huggingface_hub: a cached copy beats a network error
            }
            throw new IOException("cannot reach " + url + " (" + reason(e) + ") and " + repo + "/" + file
                    + " is not cached; set HF_HUB_OFFLINE=1 to use the cache only", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        int code = head.statusCode();
        if (code == 401 || code == 403) {
            throw new IOException(url + ": HTTP " + code + " (gated or private repository; set HF_TOKEN)");
        }
        if (code == 404) {
            throw new IOException(url + ": HTTP 404, no such repository, revision or file");
        }
        if (code >= 400) {
            throw new IOException(url + ": HTTP " + code);
        }
        String commit = header(head, "X-Repo-Commit");
        String etag = normalizeEtag(Optional.ofNullable(header(head, "X-Linked-Etag")).orElse(header(head, "ETag")));
        if (etag == null || etag.isEmpty() || etag.contains("/") || etag.contains("..")) {
            throw new IOException(url + ": the hub sent no usable ETag, cannot cache or verify the file");
        }
        if (commit == null || !COMMIT.matcher(commit).matches()) {
            commit = COMMIT.matcher(revision).matches() ? revision : null;
            if (commit == null) {
                throw new IOException(url + ": the hub sent no X-Repo-Commit header");
            }
        }
        long size = parseLong(Optional.ofNullable(header(head, "X-Linked-Size")).orElse(header(head, "Content-Length")));
        URI getUrl = url;
        if (code >= 300 && code < 400) {
            String loc = header(head, "Location");
            if (loc == null) {
                throw new IOException(url + ": redirect without a Location");
            }
            getUrl = url.resolve(loc);
        }
        Path folder = repoFolder(repo);
        Path blob = folder.resolve("blobs").resolve(etag);
        if (!Files.isRegularFile(blob)) {
            fetch(getUrl, url, blob, etag, size, repo + "/" + file);
        }
        Path snapshot = folder.resolve("snapshots").resolve(commit).resolve(file);
        link(snapshot, blob);
        if (!revision.equals(commit)) {
            Path ref = folder.resolve("refs").resolve(revision);
            AtomicFile.writeString(ref, commit);
        }
        return snapshot;
    }

    /** Refuses names that could leave the cache folder ({@code ..}, absolute paths) or are not owner/name. */
    private static void checkNames(String repo, String revision, String file) {
        if (!REPO.matcher(repo).matches() || repo.contains("..")) {
            throw new IllegalArgumentException("repository '" + repo + "' is not of the form owner/name");
        }
        for (String part : (revision + "/" + file).split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || part.contains("\\")) {
                throw new IllegalArgumentException("revision '" + revision + "' or file '" + file + "' is not a plain relative name");
            }
        }
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder b) {
        if (token != null && !token.isBlank()) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.header("User-Agent", "efficientmixnet-java");
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    private static long parseLong(String s) {
        try {
            return s == null ? -1 : Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Strips the weak-validator prefix and quotes ({@code W/"abc"} becomes {@code abc}). */
    static String normalizeEtag(String etag) {
        if (etag == null) {
            return null;
        }
        String e = etag.strip();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        return e.replace("\"", "");
    }

    private void fetch(URI getUrl, URI hubUrl, Path blob, String etag, long size, String label) throws IOException {
        Files.createDirectories(blob.getParent());
        Path part = blob.resolveSibling(etag + ".incomplete");
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        if (size >= 0 && have > size) {
            Files.delete(part);
            have = 0;
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest.Builder rb = HttpRequest.newBuilder(getUrl).GET();
        if (getUrl.getHost() != null && getUrl.getHost().equals(hubUrl.getHost())) {
            authorized(rb);
        }
        if (have > 0 && (size < 0 || have < size)) {
            rb.header("Range", "bytes=" + have + "-");
        }
        boolean ok = false;
        progress.start(label, have, size);
        try {
            if (size < 0 || have < size) {
                HttpResponse<InputStream> r;
                try {
                    r = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
                boolean append;
                if (r.statusCode() == 206) {
                    append = true;
                } else if (r.statusCode() == 200) {
                    append = false;
                    have = 0;
                } else {
                    r.body().close();
                    throw new IOException(getUrl + ": HTTP " + r.statusCode() + " while downloading " + label);
                }
                long total = size >= 0 ? size : parseLong(header(r, "Content-Length")) + have;
                try (InputStream in = r.body();
                     OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                             append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                    byte[] buf = new byte[1 << 16];
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        out.write(buf, 0, n);
                        have += n;
                        progress.advance(have, total);
                    }
                } catch (IOException e) {
                    throw new IOException("download of " + label + " interrupted after " + have + " of "
                            + (size >= 0 ? size : "?") + " bytes (" + reason(e) + "); run again to resume", e);
                }
            }
            if (size >= 0 && Files.size(part) != size) {
                long got = Files.size(part);
                if (got > size) {
                    Files.delete(part);
                }
                throw new IOException("download of " + label + " ended at " + got + " of " + size + " bytes; run again to resume");
            }
            verify(part, etag, label);
            AtomicFile.move(part, blob);
            ok = true;
        } finally {
            progress.finish(ok);
        }
    }

    /** Checks the SHA-256 (LFS files) or git blob SHA-1 (small files) the ETag names; deletes the file on mismatch. */
    private static void verify(Path part, String etag, String label) throws IOException {
        String algorithm;
        byte[] prefix = new byte[0];
        if (SHA256.matcher(etag).matches()) {
            algorithm = "SHA-256";
        } else if (COMMIT.matcher(etag).matches()) {
            algorithm = "SHA-1";
            prefix = ("blob " + Files.size(part) + "\0").getBytes(StandardCharsets.US_ASCII);
        } else {
            return; // an ETag that is no content hash: nothing to check against
        }
        String actual;
        try (InputStream in = Files.newInputStream(part)) {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            md.update(prefix);
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) >= 0) {
                md.update(buf, 0, n);
            }
            actual = HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (!actual.equals(etag)) {
            Files.deleteIfExists(part);
            throw new IOException("checksum mismatch for " + label + ": the hub says " + algorithm + " " + etag
                    + " but the download hashes to " + actual + "; the partial file was deleted, try again");
        }
    }

    /** Points the snapshot entry at the blob with a relative symlink, as huggingface_hub does (a copy if links fail). */
    private static void link(Path snapshot, Path blob) throws IOException {
        Files.createDirectories(snapshot.getParent());
        if (Files.isRegularFile(snapshot)) {
            return;
        }
        Files.deleteIfExists(snapshot); // a dangling link
        Path rel = snapshot.getParent().relativize(blob);
        try {
            Files.createSymbolicLink(snapshot, rel);
        } catch (IOException | UnsupportedOperationException e) {
            AtomicFile.write(snapshot, tmp -> Files.copy(blob, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING));
        }
    }
}
