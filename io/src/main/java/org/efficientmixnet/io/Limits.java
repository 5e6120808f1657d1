package org.efficientmixnet.io;

import java.nio.file.Path;
import java.util.List;

/**
 * The resource budgets every reader of an untrusted file enforces before it allocates: a hostile file of a few
 * kilobytes must not be able to claim gigabytes of memory or minutes of CPU. Each limit has a default chosen to admit
 * every real file of its kind (the largest EfficientNet checkpoints, 100-megapixel photographs) and can be raised
 * by a JVM system property ({@code -Demn.limit.imagePixels=400000000}) or, where that is not set, an environment
 * variable ({@code EMN_LIMIT_IMAGE_PIXELS=400000000}). The values are read when they are checked, so a test or an
 * application may change the property at run time. docs/security.md lists them with the threat model.
 */
public final class Limits {
    /** One budget: its property and variable names, its default, its unit and what it bounds. */
    public record Limit(String property, String env, long defaultValue, String unit, String description) {
        /** The value in force: the system property, else the environment variable, else the default. */
        public long value() {
            String v = System.getProperty(property);
            if (v == null || v.isBlank()) {
                v = System.getenv(env);
            }
            if (v == null || v.isBlank()) {
                return defaultValue;
            }
            try {
                long x = Long.parseLong(v.strip().replace("_", ""));
                if (x <= 0) {
                    throw new NumberFormatException();
                }
                return x;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("limit " + property + " / " + env + " must be a positive integer,"
                        + " got '" + v + "'");
            }
        }

        /** How a user raises it, for error messages. */
        public String howToRaise() {
            return "-D" + property + "=N or " + env + "=N";
        }

        /** Throws {@link LimitExceededException} when {@code claimed} is over the value in force. */
        public void check(Path file, String what, long claimed) {
            if (claimed > value() || claimed < 0) {
                throw new LimitExceededException(file, this, what, claimed);
            }
        }
    }

    /**
     * Total bytes of the tensors one weight file may hold once decompressed (2 GiB: timm's largest EfficientNet,
     * L2 at 480 M parameters, is 1.9 GB in float32; B7 is 0.27 GB).
     */
    public static final Limit WEIGHT_BYTES = new Limit("emn.limit.weightBytes", "EMN_LIMIT_WEIGHT_BYTES",
            2L << 30, "bytes", "total decompressed tensor bytes of one weight file");
    /** Number of tensors in one weight file (100,000; a B7 checkpoint has about 1,000). */
    public static final Limit TENSORS = new Limit("emn.limit.tensors", "EMN_LIMIT_TENSORS",
            100_000, "tensors", "tensors in one weight file");
    /** Bytes of a safetensors JSON header (100 MB, the reference library's own limit). */
    public static final Limit HEADER_BYTES = new Limit("emn.limit.headerBytes", "EMN_LIMIT_HEADER_BYTES",
            100_000_000, "bytes", "safetensors / .npy header size");
    /** Open MARKs of a pickle (1,000; torch.save nests a few). */
    public static final Limit NESTING = new Limit("emn.limit.nesting", "EMN_LIMIT_NESTING",
            1_000, "levels", "open MARKs (nesting) of a pickle");
    /** Entries of a pickle's memo (10 million; a B7 checkpoint uses about 3,000). */
    public static final Limit PICKLE_MEMO = new Limit("emn.limit.pickleMemo", "EMN_LIMIT_PICKLE_MEMO",
            10_000_000, "entries", "pickle memo entries");
    /** Bytes of one pickle ({@code data.pkl}; 256 MiB, a B7 checkpoint's is about 100 KB). */
    public static final Limit PICKLE_BYTES = new Limit("emn.limit.pickleBytes", "EMN_LIMIT_PICKLE_BYTES",
            256L << 20, "bytes", "size of a checkpoint's pickle");
    /** Pixels of one decoded image (width × height: 200 megapixels, above every camera photograph). */
    public static final Limit IMAGE_PIXELS = new Limit("emn.limit.imagePixels", "EMN_LIMIT_IMAGE_PIXELS",
            200_000_000, "pixels", "pixels of one image");
    /** Bytes of one JSON document read (manifests, run state, configs: 256 MiB). */
    public static final Limit JSON_BYTES = new Limit("emn.limit.jsonBytes", "EMN_LIMIT_JSON_BYTES",
            256L << 20, "bytes", "size of a JSON document");

    /** Every limit, for documentation and the CLI's help. */
    public static final List<Limit> ALL = List.of(WEIGHT_BYTES, TENSORS, HEADER_BYTES, NESTING, PICKLE_MEMO,
            PICKLE_BYTES, IMAGE_PIXELS, JSON_BYTES);

    private Limits() {
    }

    /**
     * Refuses an allocation of {@code bytes} that the JVM's heap cannot hold now (maximum heap less what is in use),
     * with a message naming the file and {@code -Xmx}, instead of a bare {@link OutOfMemoryError} later.
     */
    public static void checkHeap(Path file, String what, long bytes) {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (bytes > free) {
            System.gc();
            free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        }
        if (bytes > free) {
            throw new LimitExceededException(file, what + " needs " + (bytes >> 20) + " MiB but the JVM has only "
                    + (free >> 20) + " MiB of its " + (rt.maxMemory() >> 20) + " MiB heap free (raise it with -Xmx,"
                    + " e.g. JAVA_OPTS=-Xmx16g)");
        }
    }
}
