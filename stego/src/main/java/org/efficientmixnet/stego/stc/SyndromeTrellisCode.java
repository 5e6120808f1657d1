package org.efficientmixnet.stego.stc;

import java.util.Arrays;

/**
 * Binary syndrome-trellis code (Filler, Judas, Fridrich, "Minimizing additive distortion in steganography using
 * syndrome-trellis codes", IEEE TIFS 2011). The parity-check matrix H (m×n) is built from a submatrix Ĥ of
 * height h (the constraint height) placed along the diagonal, each copy one row lower; with n/m not an integer
 * copies of width ⌊n/m⌋ and ⌈n/m⌉ alternate as in the reference implementation, whose submatrices (and layout)
 * this uses, so that a message embedded by either can be extracted by the other. Embedding finds, by the Viterbi
 * algorithm over the 2^h-state trellis, the stego bits y with {@code H y = m} of least total cost
 * {@code Σ_{y_i ≠ x_i} ρ_i}; a cost of {@code +Infinity} marks a wet bit that is never flipped.
 *
 * <p>Memory: the traceback keeps one bit per element and state, {@code n·2^h/8} bytes (32 MiB for a 512×512
 * cover at h = 10).
 */
public final class SyndromeTrellisCode {
    /** The default constraint height, as in the reference. */
    public static final int DEFAULT_HEIGHT = 10;
    /** The largest constraint height accepted (2^16 states). */
    public static final int MAX_HEIGHT = 16;
    private static final long MAX_PATH_BYTES = 1L << 31;

    private final int height;

    /** A code of constraint height h (2..16; 10 is the usual trade-off of speed and efficiency). */
    public SyndromeTrellisCode(int height) {
        if (height < 2 || height > MAX_HEIGHT) {
            throw new IllegalArgumentException("STC constraint height must lie in 2.." + MAX_HEIGHT + ", got " + height);
        }
        this.height = height;
    }

    public int height() {
        return height;
    }

    /** The widths of the m submatrix copies and which of the two submatrices each uses (1: the wider one). */
    private record Layout(int[] widths, int[] narrow, int[] wide, boolean[] isWide) {
        int[] columns(int block) {
            return isWide[block] ? wide : narrow;
        }
    }

    private Layout layout(int n, int m) {
        if (m < 1) {
            throw new IllegalArgumentException("STC message must have at least one bit, got " + m);
        }
        if (m > n) {
            throw new IllegalArgumentException("STC message of " + m + " bits is longer than the cover of " + n + " bits");
        }
        double invAlpha = (double) n / m;
        int shorter = (int) Math.floor(invAlpha);
        int longer = (int) Math.ceil(invAlpha);
        int[] widths = new int[m];
        boolean[] wide = new boolean[m];
        long worm = 0;
        for (int i = 0; i < m; i++) {
            if (worm + longer <= (i + 1) * invAlpha + 0.5) {
                wide[i] = true;
                widths[i] = longer;
                worm += longer;
            } else {
                widths[i] = shorter;
                worm += shorter;
            }
        }
        if (worm > n) {
            throw new IllegalStateException("STC layout covers " + worm + " of " + n + " elements");
        }
        return new Layout(widths, Submatrices.columns(shorter, height), Submatrices.columns(longer, height), wide);
    }

    /** The syndrome H·y of {@code bits} (0/1 values), i.e. the m message bits they carry. */
    public byte[] extract(byte[] bits, int messageBits) {
        int n = bits.length;
        Layout lay = layout(n, messageBits);
        byte[] message = new byte[messageBits];
        int idx = 0;
        for (int i = 0; i < messageBits; i++) {
            int[] cols = lay.columns(i);
            int rows = Math.min(height, messageBits - i);
            for (int k = 0; k < lay.widths[i]; k++, idx++) {
                if (bits[idx] != 0) {
                    int col = cols[k];
                    for (int j = 0; j < rows; j++) {
                        message[i + j] ^= (byte) ((col >>> j) & 1);
                    }
                }
            }
        }
        return message;
    }

    /** Outcome of {@link #embed}: the stego bits and their total cost. */
    public record Result(byte[] stego, double distortion) {
    }

    /**
     * The stego bits carrying {@code message} (0/1 values, m ≤ n) closest to {@code cover} in total cost.
     *
     * @param cover   n bits
     * @param costs   n non-negative costs of flipping each bit ({@code +Infinity}: never flipped)
     * @param message m bits
     * @throws IllegalArgumentException      on bad shapes or values
     * @throws NoSolutionException when no stego avoids the infinite costs (too many wet bits for this rate)
     */
    public Result embed(byte[] cover, double[] costs, byte[] message) {
        int n = cover.length;
        if (costs.length != n) {
            throw new IllegalArgumentException("STC: " + n + " cover bits but " + costs.length + " costs");
        }
        int m = message.length;
        Layout lay = layout(n, m);
        int states = 1 << height;
        int words = Math.max(1, states >>> 6);
        if ((long) n * words * 8 > MAX_PATH_BYTES) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "STC of height %d over %d elements needs %.1f GiB of traceback; use a smaller height or cover",
                    height, n, n * (double) words * 8 / (1L << 30)));
        }
        for (int i = 0; i < n; i++) {
            double c = costs[i];
            if (Double.isNaN(c) || c < 0) {
                throw new IllegalArgumentException("STC cost[" + i + "] = " + c + ": costs must be >= 0 or +Infinity");
            }
        }
        long[] path = new long[n * words];
        double[] price = new double[states];
        Arrays.fill(price, Double.POSITIVE_INFINITY);
        price[0] = 0;
        int idx = 0;
        int half = states >>> 1;
        for (int i = 0; i < m; i++) {
            int[] cols = lay.columns(i);
            int mask = (1 << Math.min(height, m - i)) - 1;
            for (int k = 0; k < lay.widths[i]; k++, idx++) {
                int col = cols[k] & mask;
                double flip = costs[idx];
                double c0 = cover[idx] == 0 ? 0 : flip;
                double c1 = cover[idx] == 0 ? flip : 0;
                int hb = Integer.highestOneBit(col);
                int pbase = idx * words;
                for (int base = 0; base < states; base += hb << 1) {
                    for (int s = base, end = base + hb; s < end; s++) {
                        int t = s ^ col;
                        double a = price[s];
                        double b = price[t];
                        double stay = a + c0;
                        double come = b + c1;
                        if (come < stay) {
                            price[s] = come;
                            path[pbase + (s >>> 6)] |= 1L << s;
                        } else {
                            price[s] = stay;
                        }
                        double stayT = b + c0;
                        double comeT = a + c1;
                        if (comeT < stayT) {
                            price[t] = comeT;
                            path[pbase + (t >>> 6)] |= 1L << t;
                        } else {
                            price[t] = stayT;
                        }
                    }
                }
            }
            int bit = message[i] & 1;
            for (int s = 0; s < half; s++) {
                price[s] = price[(s << 1) | bit];
            }
            Arrays.fill(price, half, states, Double.POSITIVE_INFINITY);
        }
        double total = price[0];
        if (total == Double.POSITIVE_INFINITY) {
            throw new NoSolutionException("STC found no stego bits avoiding the wet elements: " + m + " message bits in "
                    + n + " elements at constraint height " + height + " (too many wet elements for this payload)");
        }
        byte[] stego = Arrays.copyOf(cover, n);
        int state = 0;
        idx--;
        // elements past the layout (none when it covers all n) keep their cover bits
        for (int i = m - 1; i >= 0; i--) {
            state = ((state << 1) | (message[i] & 1)) & (states - 1);
            int[] cols = lay.columns(i);
            int mask = (1 << Math.min(height, m - i)) - 1;
            for (int k = lay.widths[i] - 1; k >= 0; k--, idx--) {
                if ((path[idx * words + (state >>> 6)] & (1L << state)) != 0) {
                    stego[idx] = 1;
                    state ^= cols[k] & mask;
                } else {
                    stego[idx] = 0;
                }
            }
        }
        return new Result(stego, total);
    }

    /** No stego sequence carries the message without changing a wet element. */
    public static final class NoSolutionException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public NoSolutionException(String message) {
            super(message);
        }
    }
}
