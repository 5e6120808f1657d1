package org.efficientmixnet.train.data;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Decodes, transforms and batches images on background threads, keeping a bounded number of ready batches
 * ahead of the consumer, in a fixed order. The order of an epoch and every random draw of augmentation are
 * functions of (seed, epoch, position) only, so an epoch is the same whichever run or thread computes it.
 * A bad image is skipped with a warning (counted in {@link #skipped()}) or, in strict mode, fails the epoch.
 */
public final class BatchLoader implements AutoCloseable {
    private final ImageDataset data;
    private final int channels;
    private final List<Transform> transforms;
    private final Normalization norm;
    private final int batchSize;
    private final int prefetch;
    private final boolean strict;
    private final ExecutorService pool;
    private final AtomicInteger skipped = new AtomicInteger();
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private Consumer<String> warningSink = msg -> System.err.println("warning: " + msg);

    public BatchLoader(ImageDataset data, int channels, List<Transform> transforms, Normalization norm, int batchSize,
            int workers, int prefetch, boolean strict) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be ≥ 1, got " + batchSize);
        }
        this.data = data;
        this.channels = channels;
        this.transforms = List.copyOf(transforms);
        this.norm = norm;
        this.batchSize = batchSize;
        this.prefetch = Math.max(1, prefetch);
        this.strict = strict;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(Math.max(1, workers), r -> {
            Thread t = new Thread(r, "emn-loader-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public BatchLoader onWarning(Consumer<String> sink) {
        this.warningSink = sink;
        return this;
    }

    /** Images skipped so far because they could not be used. */
    public int skipped() {
        return skipped.get();
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public ImageDataset data() {
        return data;
    }

    /** Batches per epoch. */
    public int batches(boolean dropLast) {
        int n = data.size();
        return dropLast && n >= batchSize ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The order of an epoch: a shuffle seeded by (seed, epoch), or the dataset order. */
    public static int[] order(int n, long seed, int epoch, boolean shuffle) {
        List<Integer> idx = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            idx.add(i);
        }
        if (shuffle) {
            Collections.shuffle(idx, new Random(mix(seed, epoch, -1)));
        }
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    static long mix(long seed, long epoch, long position) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + position * 0x165667B19E3779F9L;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    /** Batches of one epoch, computed ahead on the loader threads. Training drops a last incomplete batch. */
    public Iterator<Batch> epoch(long seed, int epoch, boolean shuffle, boolean dropLast) {
        int[] order = order(data.size(), seed, epoch, shuffle);
        int count = batches(dropLast);
        return new Iterator<>() {
            private final ArrayDeque<Future<Batch>> ahead = new ArrayDeque<>();
            private int submitted;
            private Batch nextBatch;

            {
                fill();
            }

            private void fill() {
                while (ahead.size() < prefetch && submitted < count) {
                    int b = submitted++;
                    ahead.add(pool.submit(() -> make(order, b, seed, epoch)));
                }
            }

            @Override
            public boolean hasNext() {
                while (nextBatch == null && !ahead.isEmpty()) {
                    Future<Batch> f = ahead.poll();
                    fill();
                    try {
                        Batch b = f.get();
                        if (b.size() > 0) {
                            nextBatch = b;
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while loading images", e);
                    } catch (ExecutionException e) {
                        ahead.forEach(x -> x.cancel(true));
                        ahead.clear();
                        Throwable c = e.getCause();
                        if (c instanceof RuntimeException r) {
                            throw r;
                        }
                        throw new IllegalStateException(c);
                    }
                }
                return nextBatch != null;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Batch b = nextBatch;
                nextBatch = null;
                return b;
            }
        };
    }

    private Batch make(int[] order, int b, long seed, int epoch) {
        int from = b * batchSize;
        int to = Math.min(order.length, from + batchSize);
        List<Pixels> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        for (int i = from; i < to; i++) {
            ImageSample s = data.samples().get(order[i]);
            try {
                Pixels p = ImageDecoder.read(s.path(), channels);
                SplittableRandom rng = new SplittableRandom(mix(seed, epoch, i));
                for (Transform t : transforms) {
                    p = t.apply(p, rng);
                }
                if (!images.isEmpty() && (p.height() != images.get(0).height() || p.width() != images.get(0).width())) {
                    throw new BadImageException(s.path(), "is " + p.height() + "×" + p.width() + " after transforms but "
                            + paths.get(0).getFileName() + " is " + images.get(0).height() + "×" + images.get(0).width()
                            + " (with --resize none all images must have the same size)");
                }
                images.add(p);
                labels.add(s.label());
                paths.add(s.path());
            } catch (BadImageException e) {
                if (strict) {
                    throw e;
                }
                skipped.incrementAndGet();
                warnings.add(e.getMessage());
                warningSink.accept(e.getMessage() + " (skipped)");
            } catch (IllegalArgumentException e) {
                BadImageException bad = new BadImageException(s.path(), e.getMessage(), e);
                if (strict) {
                    throw bad;
                }
                skipped.incrementAndGet();
                warnings.add(bad.getMessage());
                warningSink.accept(bad.getMessage() + " (skipped)");
            }
        }
        if (images.isEmpty()) {
            return new Batch(new float[0], new long[] {0, channels, 0, 0}, new int[0], List.of());
        }
        Pixels first = images.get(0);
        int per = first.channels() * first.height() * first.width();
        float[] out = new float[per * images.size()];
        for (int i = 0; i < images.size(); i++) {
            norm.apply(images.get(i), out, i * per);
        }
        return new Batch(out, new long[] {images.size(), first.channels(), first.height(), first.width()},
                labels.stream().mapToInt(Integer::intValue).toArray(), List.copyOf(paths));
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    @Override
    public String toString() {
        return "BatchLoader(" + data.size() + " images, batch " + batchSize + ", " + Arrays.toString(new int[] {channels}) + ")";
    }
}
