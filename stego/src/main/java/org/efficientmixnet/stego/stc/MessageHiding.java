package org.efficientmixnet.stego.stc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.efficientmixnet.stego.embed.CostMap;
import org.efficientmixnet.stego.embed.EmbeddingSimulator;

/**
 * Real messages in cover arrays (pixels or JPEG coefficients, one or more components) with syndrome-trellis
 * codes, and their extraction with the key alone.
 *
 * <p>The elements of all components (rows, then columns, component after component) are put in a key-derived
 * order ({@link KeyStream}). The first H of them ({@link #headerSize}) carry a 64-bit header in their LSBs
 * (binary STC, which saturated elements can carry too): the length in bits of the frame and how many of them
 * layer 2 carries. The others carry the frame: the message bytes and a 4-byte check (the first bytes of SHA-256
 * over the message), both encrypted by XOR with a key-derived stream. Header and frame are embedded with
 * {@link LayeredStc} (the frame ternary or binary), each layer in its own key-derived order. A wrong key gives
 * a wrong order and a wrong stream: the header or the check fails and {@link #reveal} says that no message was
 * found, revealing nothing. A message larger than
 * {@link #capacityBytes} is refused before any work. Elements of infinite cost never change.
 */
public final class MessageHiding {
    /** Header: the frame length in bits and the bits of it in layer 2, 32 bits each. */
    static final int HEADER_BITS = 64;
    static final int CHECK_BYTES = 4;
    /** The fewest elements a cover must have. */
    public static final int MIN_ELEMENTS = 1024;
    /** Share of the frame elements' ternary (or binary) entropy capacity a frame may use. */
    static final double USABLE_CAPACITY = 0.9;
    private static final byte[] CHECK_LABEL = "emn-stc-check-v1".getBytes(StandardCharsets.US_ASCII);

    private MessageHiding() {
    }

    /**
     * How the elements change.
     *
     * @param ternary true for ±1 changes (double-layered STC), false for binary embedding in the LSB
     * @param height  the STC constraint height (default {@link SyndromeTrellisCode#DEFAULT_HEIGHT})
     */
    public record Options(boolean ternary, int height) {
        public Options {
            new SyndromeTrellisCode(height);
        }

        /** Ternary or binary at the default constraint height. */
        public static Options of(boolean ternary) {
            return new Options(ternary, SyndromeTrellisCode.DEFAULT_HEIGHT);
        }
    }

    /**
     * Outcome of {@link #hide}.
     *
     * @param stegoComponents the stego arrays, one per component
     * @param changes         elements changed
     * @param distortion      total cost of the changes made
     * @param embeddedBits    header and frame bits embedded
     * @param capacityBytes   the largest message this cover takes
     */
    public record Hidden(int[][][] stegoComponents, long changes, double distortion, long embeddedBits,
                         long capacityBytes) {
    }

    /**
     * The fewest elements that carry the header, from the total N: N/32 within 256..1024 (few, because the frame
     * cannot use them, many enough for 32 bits around wet elements); smaller messages use more ({@link #headerSize}).
     */
    static int headerElements(int total) {
        return Math.min(1024, Math.max(256, total / 32));
    }

    /** The largest message in bytes that {@link #hide} accepts for these costs. */
    public static long capacityBytes(CostMap[] costs, Options options) {
        Flat f = Flat.of(null, costs);
        return capacity(f, options);
    }

    private static long capacity(Flat f, Options options) {
        return f.rp.length < MIN_ELEMENTS ? 0 : capacity(f, options, headerElements(f.rp.length));
    }

    /** {@link #capacity(Flat, Options)} with the header in the first {@code h} elements of the order. */
    private static long capacity(Flat f, Options options, int h) {
        int n = f.rp.length;
        // entropy capacity of the frame elements: log2(3) per element with both changes, 1 with one
        double bits = 0;
        long dry = 0;
        for (int e = h; e < n; e++) {
            int open = (f.rp[e] < Double.POSITIVE_INFINITY ? 1 : 0) + (f.rm[e] < Double.POSITIVE_INFINITY ? 1 : 0);
            if (open > 0) {
                dry++;
            }
            bits += options.ternary() ? (open == 2 ? Math.log(3) / Math.log(2) : open) : Math.min(open, 1);
        }
        // at most one bit per changeable element (ternary: each layer then runs at rate <= 1/2 of them, which
        // leaves the layer-1 code enough free elements after layer 2), binary: 0.8 of them
        double usable = Math.min(USABLE_CAPACITY * bits, (options.ternary() ? 1.0 : 0.8) * dry);
        long bytes = (long) Math.floor(usable / 8) - CHECK_BYTES;
        return Math.max(0, bytes);
    }

    /**
     * Hides {@code message} in the covers with the given costs (one map per component, same shapes).
     *
     * @throws IllegalArgumentException if the message exceeds {@link #capacityBytes}, the cover is too small, or
     *                                  the code finds no way around the wet elements
     */
    public static Hidden hide(int[][][] covers, CostMap[] costs, byte[] message, String key, Options options) {
        if (message == null) {
            throw new IllegalArgumentException("message is null");
        }
        Flat f = Flat.of(covers, costs);
        int n = f.x.length;
        if (n < MIN_ELEMENTS) {
            throw new IllegalArgumentException("cover has " + n + " elements; STC messages need at least " + MIN_ELEMENTS);
        }
        long cap = capacity(f, options);
        if (message.length > cap) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "message of %d bytes exceeds the capacity of %d bytes of this cover (%s embedding, %d elements, %d wet)",
                    message.length, cap, options.ternary() ? "ternary" : "binary", n, f.wet()));
        }
        byte[] frame = frame(message, key);
        int frameBits = frame.length * 8;
        int hs = headerSize(n, frameBits);
        if (hs != headerElements(n) && message.length > capacity(f, options, hs)) {
            hs = headerElements(n);
        }
        Orders o = Orders.of(key, Orders.elements(key, n), hs);
        SyndromeTrellisCode stc = new SyndromeTrellisCode(options.height());
        double lambda = options.ternary() ? LayeredStc.lambda(o.body2, f.rp, f.rm, frameBits) : Double.NaN;
        int m2 = options.ternary() ? LayeredStc.layer2Bits(f.x, f.rp, f.rm, o.body2, frameBits, lambda) : 0;
        byte[] header = new byte[HEADER_BITS / 8];
        putInt(header, 0, frameBits);
        putInt(header, 4, m2);
        new KeyStream(key, "header").xor(header);
        // the header is binary (LSB), which every non-wet element can carry, saturated or not
        int[] y = LayeredStc.embed(f.x, f.rp, f.rm, toBits(header), false, 0, o.header2, o.header1, o.tieUp, stc);
        y = LayeredStc.embed(y, f.rp, f.rm, toBits(frame), options.ternary(), m2, o.body2, o.body1, o.tieUp, stc, lambda);
        long changes = 0;
        double distortion = 0;
        for (int e = 0; e < n; e++) {
            int d = y[e] - f.x[e];
            if (d != 0) {
                changes++;
                distortion += d > 0 ? f.rp[e] : f.rm[e];
            }
        }
        int[][][] stego = f.unflatten(y);
        byte[] back = reveal(stego, key, options);
        if (!Arrays.equals(back, message)) {
            throw new IllegalStateException("STC round trip failed: the stego does not give the message back");
        }
        return new Hidden(stego, changes, distortion, HEADER_BITS + frameBits, cap);
    }

    /**
     * The message hidden with {@code key}.
     *
     * @throws NoMessageException when no message for this key is found (wrong key, algorithm, height, or no stego)
     */
    public static byte[] reveal(int[][][] stego, String key, Options options) {
        Flat f = Flat.of(stego, null);
        int n = f.x.length;
        if (n < MIN_ELEMENTS) {
            throw new NoMessageException("image has " + n + " elements, fewer than any STC stego (" + MIN_ELEMENTS + ")");
        }
        SyndromeTrellisCode stc = new SyndromeTrellisCode(options.height());
        String why = null;
        int[] all = Orders.elements(key, n);
        for (int hs : headerSizes(n)) {
            Orders o = Orders.of(key, all, hs);
            byte[] header = fromBits(LayeredStc.extract(f.x, HEADER_BITS, false, 0, o.header2, o.header1, stc));
            new KeyStream(key, "header").xor(header);
            long frameBits = getInt(header, 0) & 0xffffffffL;
            long m2 = getInt(header, 4) & 0xffffffffL;
            int bodyElements = n - hs;
            if (frameBits < 8L * CHECK_BYTES || frameBits % 8 != 0 || m2 > frameBits
                    || (options.ternary() ? m2 > bodyElements || frameBits - m2 > bodyElements
                    : m2 != 0 || frameBits > bodyElements)) {
                why = why != null ? why : "header does not decode";
                continue;
            }
            byte[] frame = fromBits(LayeredStc.extract(f.x, (int) frameBits, options.ternary(), (int) m2, o.body2,
                    o.body1, stc));
            new KeyStream(key, "frame").xor(frame);
            byte[] message = Arrays.copyOf(frame, frame.length - CHECK_BYTES);
            byte[] check = Arrays.copyOf(KeyStream.sha256(CHECK_LABEL, message), CHECK_BYTES);
            if (Arrays.equals(check, Arrays.copyOfRange(frame, frame.length - CHECK_BYTES, frame.length))) {
                return message;
            }
            why = "checksum mismatch";
        }
        throw new NoMessageException("no message found for this key (" + why + ")");
    }

    /**
     * The header sizes a stego may use, tried in this order by {@link #reveal}: {@link #headerElements} (the size
     * of every stego before sizes varied, and of large messages), then the powers of two above it up to N/8. A
     * wrong size decodes a random header, which its sanity checks or the frame's check (32 bits) reject.
     */
    static int[] headerSizes(int total) {
        java.util.List<Integer> sizes = new java.util.ArrayList<>();
        sizes.add(headerElements(total));
        for (int h = Integer.highestOneBit(headerElements(total)) * 2; h <= total / 8; h *= 2) {
            sizes.add(h);
        }
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The header size the sender uses for a frame of {@code frameBits}: the one of {@link #headerSizes} closest (in
     * ratio) to where the binary header runs at the frame's rate, 64 bits in 64·N/frameBits elements. A fixed size
     * made small messages pay dearly for their header (64 bits at rate 1/16 beside a frame at 1/90: J-UNIWARD at
     * 0.1 bpnzAC on 256×256 tiles, distortion excess median 0.28, mean 0.41; sized so, 0.19 and 0.22).
     */
    static int headerSize(int total, int frameBits) {
        double target = HEADER_BITS * (double) total / frameBits;
        int best = headerElements(total);
        for (int h : headerSizes(total)) {
            if (Math.abs(Math.log(h / target)) < Math.abs(Math.log(best / target))) {
                best = h;
            }
        }
        return best;
    }

    /**
     * The largest payload in bits the Gibbs distribution carries at an expected distortion of {@code distortion}
     * (the rate-distortion bound): with it the coding loss of a real code is {@code 1 - m / payloadAt(D)}, as
     * Filler, Judas and Fridrich define it.
     */
    public static double payloadAtDistortion(CostMap[] costs, double distortion, boolean ternary) {
        double lo = 0;
        double hi = 1;
        while (expectedDistortion(costs, hi, ternary) > distortion && hi < 1e300) {
            lo = hi;
            hi *= 2;
        }
        for (int it = 0; it < 200 && hi - lo > 1e-13 * hi; it++) {
            double mid = lo > 0 ? Math.sqrt(lo * hi) : hi / 2;
            if (expectedDistortion(costs, mid, ternary) > distortion) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return EmbeddingSimulator.entropyBits(costs, hi, ternary);
    }

    private static double expectedDistortion(CostMap[] costs, double lambda, boolean ternary) {
        double d = 0;
        for (CostMap m : costs) {
            for (int r = 0; r < m.rows(); r++) {
                double[] rp = m.rhoPlus()[r];
                double[] rm = m.rhoMinus()[r];
                for (int c = 0; c < rp.length; c++) {
                    if (ternary) {
                        double wp = rp[c] < Double.POSITIVE_INFINITY ? StrictMath.exp(-lambda * rp[c]) : 0;
                        double wm = rm[c] < Double.POSITIVE_INFINITY ? StrictMath.exp(-lambda * rm[c]) : 0;
                        d += ((wp > 0 ? wp * rp[c] : 0) + (wm > 0 ? wm * rm[c] : 0)) / (1 + wp + wm);
                    } else {
                        double rho = Math.min(rp[c], rm[c]);
                        if (rho < Double.POSITIVE_INFINITY) {
                            double w = StrictMath.exp(-lambda * rho);
                            d += rho * w / (1 + w);
                        }
                    }
                }
            }
        }
        return d;
    }

    /**
     * The distortion the embedding simulator expects for the same number of bits over the same costs,
     * {@code Σ p+ρ+ + p-ρ-} at the λ that carries {@code bits} (ternary), or of binary changes of cost min(ρ+, ρ-).
     */
    public static double simulatedDistortion(CostMap[] costs, double bits, boolean ternary) {
        return expectedDistortion(costs, EmbeddingSimulator.lambda(costs, bits, ternary), ternary);
    }

    private static byte[] frame(byte[] message, String key) {
        byte[] frame = Arrays.copyOf(message, message.length + CHECK_BYTES);
        byte[] check = KeyStream.sha256(CHECK_LABEL, message);
        System.arraycopy(check, 0, frame, message.length, CHECK_BYTES);
        new KeyStream(key, "frame").xor(frame);
        return frame;
    }

    private static void putInt(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (24 - 8 * i));
        }
    }

    private static int getInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    static byte[] toBits(byte[] bytes) {
        byte[] bits = new byte[bytes.length * 8];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = (byte) ((bytes[i >> 3] >> (7 - (i & 7))) & 1);
        }
        return bits;
    }

    /** The bits in chunks of k (the last one zero-padded to k), most significant first within a chunk. */
    static java.util.List<byte[]> chunks(byte[] bits, int k) {
        java.util.List<byte[]> out = new java.util.ArrayList<>();
        for (int i = 0; i < bits.length; i += k) {
            out.add(Arrays.copyOfRange(bits, i, i + k));
        }
        return out;
    }

    static byte[] fromBits(byte[] bits) {
        byte[] bytes = new byte[bits.length / 8];
        for (int i = 0; i < bytes.length * 8; i++) {
            bytes[i >> 3] |= (byte) ((bits[i] & 1) << (7 - (i & 7)));
        }
        return bytes;
    }

    /** The key-derived orders: header and frame elements, one order per layer. */
    private record Orders(int[] header2, int[] header1, int[] body2, int[] body1, byte[] tieUp) {
        /** The key-derived order of all n elements. */
        static int[] elements(String key, int n) {
            return new KeyStream(key, "elements").permutation(n);
        }

        /** The orders with the header in the first {@code h} elements of {@code all} ({@link #elements}). */
        static Orders of(String key, int[] all, int h) {
            int n = all.length;
            int[] header = Arrays.copyOfRange(all, 0, h);
            int[] body = Arrays.copyOfRange(all, h, n);
            int[] header1 = reorder(header, new KeyStream(key, "header layer 1").permutation(h));
            int[] body1 = reorder(body, new KeyStream(key, "frame layer 1").permutation(n - h));
            byte[] tie = new byte[n];
            KeyStream ks = new KeyStream(key, "tie");
            for (int i = 0; i < n; i += 8) {
                int b = ks.nextByte();
                for (int k = 0; k < 8 && i + k < n; k++) {
                    tie[i + k] = (byte) ((b >> k) & 1);
                }
            }
            return new Orders(header, header1, body, body1, tie);
        }

        private static int[] reorder(int[] elements, int[] perm) {
            int[] out = new int[elements.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = elements[perm[i]];
            }
            return out;
        }
    }

    /** All components as one array of values and costs, rows then columns, component after component. */
    private record Flat(int[] x, double[] rp, double[] rm, int[][] shapes) {
        static Flat of(int[][][] covers, CostMap[] costs) {
            int k = covers != null ? covers.length : costs.length;
            if (k == 0 || (covers != null && costs != null && covers.length != costs.length)) {
                throw new IllegalArgumentException("need one cost map per component, got "
                        + (covers == null ? 0 : covers.length) + " components and " + (costs == null ? 0 : costs.length) + " maps");
            }
            int[][] shapes = new int[k][2];
            long total = 0;
            for (int i = 0; i < k; i++) {
                int rows = covers != null ? covers[i].length : costs[i].rows();
                int cols = covers != null ? covers[i][0].length : costs[i].cols();
                if (costs != null && covers != null && (costs[i].rows() != rows || costs[i].cols() != cols)) {
                    throw new IllegalArgumentException("component " + i + " is " + rows + "x" + cols
                            + " but its cost map is " + costs[i].rows() + "x" + costs[i].cols());
                }
                shapes[i][0] = rows;
                shapes[i][1] = cols;
                total += (long) rows * cols;
            }
            if (total > Integer.MAX_VALUE / 2) {
                throw new IllegalArgumentException("cover of " + total + " elements is too large for STC");
            }
            int n = (int) total;
            int[] x = new int[n];
            double[] rp = costs != null ? new double[n] : null;
            double[] rm = costs != null ? new double[n] : null;
            int e = 0;
            for (int i = 0; i < k; i++) {
                for (int r = 0; r < shapes[i][0]; r++) {
                    int cols = shapes[i][1];
                    if (covers != null) {
                        if (covers[i][r].length != cols) {
                            throw new IllegalArgumentException("component " + i + " row " + r + " has "
                                    + covers[i][r].length + " columns, expected " + cols);
                        }
                        System.arraycopy(covers[i][r], 0, x, e, cols);
                    }
                    if (costs != null) {
                        System.arraycopy(costs[i].rhoPlus()[r], 0, rp, e, cols);
                        System.arraycopy(costs[i].rhoMinus()[r], 0, rm, e, cols);
                    }
                    e += cols;
                }
            }
            return new Flat(x, rp, rm, shapes);
        }

        long wet() {
            long w = 0;
            for (int e = 0; e < rp.length; e++) {
                if (rp[e] == Double.POSITIVE_INFINITY && rm[e] == Double.POSITIVE_INFINITY) {
                    w++;
                }
            }
            return w;
        }

        int[][][] unflatten(int[] y) {
            int[][][] out = new int[shapes.length][][];
            int e = 0;
            for (int i = 0; i < shapes.length; i++) {
                out[i] = new int[shapes[i][0]][shapes[i][1]];
                for (int r = 0; r < shapes[i][0]; r++) {
                    System.arraycopy(y, e, out[i][r], 0, shapes[i][1]);
                    e += shapes[i][1];
                }
            }
            return out;
        }
    }

    /** No message for this key in this image. */
    public static final class NoMessageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public NoMessageException(String message) {
            super(message);
        }
    }
}
