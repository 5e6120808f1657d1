package org.efficientmixnet.steganalysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Locale;
import org.efficientmixnet.io.FileFormatException;

/**
 * Batches of whole groups (a cover with all its stegos), decoded on background threads. {@code batchImages} counts
 * images: groups are added to a batch while they fit (at least one group per batch). In training order the groups
 * are shuffled (seeded by seed and epoch, so a resumed run sees the same order) and every group gets one random D4
 * element (rotations by 90° and flips; elements that swap the axes only for square inputs) and, with a crop, one
 * window whose corner lies on a multiple of 8 (JPEG blocks stay aligned): the same for the cover and its stegos. In
 * evaluation order groups keep their order, no transform, and a crop is the centre window (corner rounded down to a
 * multiple of 8).
 */
public final class PairBatches implements AutoCloseable {
    /** A batch: data in (N, C, H, W) order, labels, and per image its file, group index and D4 element. */
    public record PairBatch(float[] data, long[] shape, int[] labels, List<Path> paths, int[] groups, int[] transforms) {
        public int size() {
            return labels.length;
        }
    }

    private final PairDataset data;
    private final InputDecoding decoding;
    private final boolean perFolder;
    private final int batchImages;
    private final int crop;
    private final ExecutorService pool;
    private final int workers;
    private final AtomicLong decodeNanos = new AtomicLong();
    private final AtomicLong decoded = new AtomicLong();

    /**
     * @param crop    side of the square window taken from every image (a multiple of 8), or 0 for whole images
     * @param workers decoding threads (≥ 1)
     */
    public PairBatches(PairDataset data, InputDecoding decoding, boolean perFolder, int batchImages, int crop, int workers) {
        if (batchImages < 1) {
            throw new IllegalArgumentException("--batch must be ≥ 1, got " + batchImages);
        }
        if (crop < 0 || crop % 8 != 0) {
            throw new IllegalArgumentException("--crop must be a multiple of 8 (JPEG blocks stay aligned), got " + crop);
        }
        this.data = data;
        this.decoding = decoding;
        this.perFolder = perFolder;
        this.batchImages = batchImages;
        this.crop = crop;
        this.workers = Math.max(1, workers);
        this.pool = Executors.newFixedThreadPool(this.workers, r -> {
            Thread t = new Thread(r, "pair-batches");
            t.setDaemon(true);
            return t;
        });
    }

    /** The groups of each batch of an epoch, in order (shuffled when {@code shuffle}). */
    public List<List<Integer>> plan(long seed, int epoch, boolean shuffle) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < data.groups().size(); i++) {
            order.add(i);
        }
        if (shuffle) {
            Collections.shuffle(order, new Random(seed * 1_000_003L + epoch));
        }
        List<List<Integer>> batches = new ArrayList<>();
        List<Integer> cur = new ArrayList<>();
        int n = 0;
        for (int g : order) {
            int s = data.groups().get(g).size();
            if (!cur.isEmpty() && n + s > batchImages) {
                batches.add(cur);
                cur = new ArrayList<>();
                n = 0;
            }
            cur.add(g);
            n += s;
        }
        if (!cur.isEmpty()) {
            batches.add(cur);
        }
        return batches;
    }

    public int batches() {
        return plan(0, 0, false).size();
    }

    /**
     * The batches of an epoch, decoded ahead on the worker threads (up to twice as many batches as workers in
     * flight). {@code augment}: random D4 element and crop window per group; else none and the centre window.
     */
    public Iterator<PairBatch> epoch(long seed, int epoch, boolean shuffle, boolean augment) {
        List<List<Integer>> plan = plan(seed, epoch, shuffle);
        return new Iterator<>() {
            private int next;
            private final Deque<Future<PairBatch>> inFlight = new ArrayDeque<>();

            private void fill() {
                while (next < plan.size() && inFlight.size() < 2 * workers) {
                    int b = next++;
                    List<Integer> groups = plan.get(b);
                    long batchSeed = seed * 1_000_003L * 31 + epoch * 1_000_033L + b;
                    inFlight.add(pool.submit(() -> make(groups, augment ? new Random(batchSeed) : null)));
                }
            }

            @Override
            public boolean hasNext() {
                fill();
                return !inFlight.isEmpty();
            }

            @Override
            public PairBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Future<PairBatch> f = inFlight.poll();
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while loading", e);
                } catch (ExecutionException e) {
                    inFlight.forEach(x -> x.cancel(true));
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException r) {
                        throw r;
                    }
                    if (c instanceof IOException io) {
                        throw new UncheckedIOException(io.getMessage(), io);
                    }
                    throw new IllegalStateException(c);
                }
            }
        };
    }

    /** Decodes one batch (on a worker thread); {@code rng} null means evaluation order (no transform, centre crop). */
    PairBatch make(List<Integer> groups, Random rng) throws IOException {
        long t0 = System.nanoTime();
        List<InputDecoding.Image> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Integer> groupOf = new ArrayList<>();
        List<Integer> tOf = new ArrayList<>();
        List<int[]> windows = new ArrayList<>();
        int c = -1;
        int oh = -1;
        int ow = -1;
        for (int g : groups) {
            PairDataset.Group grp = data.groups().get(g);
            List<Path> files = grp.files();
            List<InputDecoding.Image> decodedGroup = new ArrayList<>();
            for (Path f : files) {
                decodedGroup.add(decoding.decode(f));
            }
            InputDecoding.Image cover = decodedGroup.get(0);
            for (InputDecoding.Image im : decodedGroup) {
                if (im.height() != cover.height() || im.width() != cover.width()) {
                    throw new FileFormatException(im.file(), String.format(Locale.ROOT,
                            "stego is %d×%d but its cover %s is %d×%d", im.width(), im.height(), cover.file(),
                            cover.width(), cover.height()));
                }
            }
            int h = cover.height();
            int w = cover.width();
            int ch = crop > 0 ? crop : h;
            int cw = crop > 0 ? crop : w;
            if (crop > 0 && (h < crop || w < crop)) {
                throw new FileFormatException(cover.file(), String.format(Locale.ROOT,
                        "image is %d×%d, smaller than --crop %d", w, h, crop));
            }
            int top;
            int left;
            int t = 0;
            if (rng == null) {
                top = (h - ch) / 2 / 8 * 8;
                left = (w - cw) / 2 / 8 * 8;
            } else {
                top = 8 * rng.nextInt((h - ch) / 8 + 1);
                left = 8 * rng.nextInt((w - cw) / 8 + 1);
                t = ch == cw ? rng.nextInt(8) : 2 * rng.nextInt(4); // non-square: only elements that keep the axes
            }
            int th = D4.swapsAxes(t) ? cw : ch;
            int tw = D4.swapsAxes(t) ? ch : cw;
            if (c < 0) {
                c = cover.channels();
                oh = th;
                ow = tw;
            } else if (th != oh || tw != ow || cover.channels() != c) {
                throw new FileFormatException(cover.file(), String.format(Locale.ROOT, "image is %d×%d, the others of "
                        + "its batch %d×%d: give a --crop that fits every image (a multiple of 8)", w, h, ow, oh));
            }
            List<PairDataset.Stego> st = grp.stegos();
            for (int i = 0; i < decodedGroup.size(); i++) {
                images.add(decodedGroup.get(i));
                labels.add(i == 0 ? 0 : perFolder ? 1 + st.get(i - 1).folder() : 1);
                groupOf.add(g);
                tOf.add(t);
                windows.add(new int[] {top, left, ch, cw});
            }
        }
        int n = images.size();
        int per = c * oh * ow;
        float[] out = new float[n * per];
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            InputDecoding.Image im = images.get(i);
            int[] win = windows.get(i);
            D4.apply(tOf.get(i), im.data(), c, im.height(), im.width(), win[0], win[1], win[2], win[3], out, i * per);
            paths.add(im.file());
        }
        decodeNanos.addAndGet(System.nanoTime() - t0);
        decoded.addAndGet(n);
        return new PairBatch(out, new long[] {n, c, oh, ow}, labels.stream().mapToInt(Integer::intValue).toArray(),
                paths, groupOf.stream().mapToInt(Integer::intValue).toArray(),
                tOf.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Images decoded so far. */
    public long decodedImages() {
        return decoded.get();
    }

    /**
     * What the loader can deliver: images per second of decoding time on one thread × the worker threads (the
     * throughput if the training loop never waited), from the batches decoded so far.
     */
    public double imagesPerSecond() {
        long ns = decodeNanos.get();
        return ns == 0 ? Double.NaN : decoded.get() / (ns / 1e9) * workers;
    }

    public int workers() {
        return workers;
    }

    public PairDataset data() {
        return data;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
