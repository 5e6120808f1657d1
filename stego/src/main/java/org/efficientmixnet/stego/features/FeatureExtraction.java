package org.efficientmixnet.stego.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** Feature extraction over many files in parallel, rows in the order of the files. */
public final class FeatureExtraction {
    /** The feature sets by name. */
    public enum Kind {
        DCTR("dctr", Dctr.DIMENSION),
        GFR("gfr", Gfr.DIMENSION),
        /** Spatial rich model of 8-bit grayscale images (34,671-D). */
        SRM("srm", Srm.DIMENSION),
        /** The q = 1 part of SRM (12,753-D). */
        SRMQ1("srmq1", Srmq1.DIMENSION);

        private final String id;
        private final int dimension;

        Kind(String id, int dimension) {
            this.id = id;
            this.dimension = dimension;
        }

        public String id() {
            return id;
        }

        public int dimension() {
            return dimension;
        }

        public static Kind of(String name) {
            for (Kind k : values()) {
                if (k.id.equals(name.toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown feature set '" + name + "'; expected one of "
                    + java.util.Arrays.stream(values()).map(Kind::id).toList());
        }

        /** The features of one file; {@code qf} 0: estimated from the file (JPEG features). */
        public double[] extract(Path file, int qf) throws IOException {
            return switch (this) {
                case DCTR -> Dctr.extract(file, qf);
                case GFR -> Gfr.extract(file, qf);
                case SRM -> Srm.extract(file);
                case SRMQ1 -> Srmq1.extract(file);
            };
        }
    }

    /** Told after each file: how many are done of how many. */
    public interface Listener {
        void finished(int done, int total);
    }

    private FeatureExtraction() {
    }

    /** The images of a folder (sorted by name). */
    public static List<Path> images(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + ": not a folder");
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).filter(f -> {
                String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png") || n.endsWith(".pgm");
            }).sorted().toList();
        }
    }

    /** The features of every file, one row each, with {@code threads} workers; the first failure is rethrown. */
    public static double[][] extract(List<Path> files, Kind kind, int qf, int threads, Listener listener) throws IOException {
        double[][] rows = new double[files.size()][];
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "features");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                int ii = i;
                fs.add(pool.submit(() -> {
                    rows[ii] = kind.extract(files.get(ii), qf);
                    if (listener != null) {
                        listener.finished(done.incrementAndGet(), files.size());
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c);
        } finally {
            pool.shutdownNow();
        }
        return rows;
    }
}
