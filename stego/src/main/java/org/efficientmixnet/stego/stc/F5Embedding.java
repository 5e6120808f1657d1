package org.efficientmixnet.stego.stc;

import java.util.Arrays;
import java.util.Locale;

/**
 * F5 (Westfeld, "F5 — a steganographic algorithm: high capacity despite better steganalysis", IH 2001), a real
 * embedder: the AC coefficients of all components (DC never used) are walked in a key-derived order; a non-zero
 * coefficient c carries the bit {@code c > 0 ? c mod 2 : 1 − (−c mod 2)}, which a change of |c| by −1 always
 * flips; zeros carry nothing. Matrix encoding (1, n = 2^k − 1, k) hides k bits in each group of n non-zero
 * coefficients with at most one change: the group's syndrome (XOR of the 1-based positions whose bit is 1) is
 * XORed with the k bits, and a non-zero result s decrements |c| at position s. When that makes the coefficient
 * zero (shrinkage) it no longer carries a bit, so the group is read again from its start (now skipping it)
 * and the same k bits embedded anew.
 *
 * <p>Framing as in {@link MessageHiding}, with F5's own coding: a 32-bit header (k in the top 5 bits, the frame
 * length in bytes in the other 27) embedded with k = 1, then the frame (message + 4 check bytes of SHA-256),
 * both XOR-encrypted with key streams; k is the largest whose expected room (non-zero coefficients after the
 * header, less an estimate of the shrinkage, times k/n) holds the frame. A wrong key finds no valid header or
 * check. A message that does not fit throws before anything is written (the coefficients given are not touched).
 */
public final class F5Embedding {
    private static final int MAX_K = 16;
    private static final int HEADER_BITS = 32;
    private static final byte[] CHECK_LABEL = "emn-f5-check-v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private F5Embedding() {
    }

    /** Outcome of {@link #hide}: the stego arrays, the code parameter k, changes and shrinkages. */
    public record Hidden(int[][][] stegoComponents, int k, long changes, long shrinkages) {
    }

    /** The AC coefficients of all components in key order, as (component, row, column) packed into one int[] each. */
    private static int[][] order(int[][][] comps, String key) {
        int total = 0;
        for (int[][] c : comps) {
            if (c.length % 8 != 0 || c[0].length % 8 != 0) {
                throw new IllegalArgumentException("F5 needs whole 8x8 blocks, got " + c.length + "x" + c[0].length);
            }
            total += c.length * c[0].length - (c.length / 8) * (c[0].length / 8);
        }
        int[][] pos = new int[total][];
        int i = 0;
        for (int k = 0; k < comps.length; k++) {
            for (int r = 0; r < comps[k].length; r++) {
                for (int c = 0; c < comps[k][0].length; c++) {
                    if ((r & 7) != 0 || (c & 7) != 0) {
                        pos[i++] = new int[] {k, r, c};
                    }
                }
            }
        }
        int[] perm = new KeyStream(key, "f5 coefficients").permutation(total);
        int[][] out = new int[total][];
        for (int j = 0; j < total; j++) {
            out[j] = pos[perm[j]];
        }
        return out;
    }

    static int bit(int c) {
        return c > 0 ? c & 1 : 1 - ((-c) & 1);
    }

    /** A cursor over the ordered coefficients that embeds or extracts groups. */
    private static final class Walk {
        final int[][][] y;
        final int[][] order;
        int next;
        long changes;
        long shrinkages;

        Walk(int[][][] y, int[][] order) {
            this.y = y;
            this.order = order;
        }

        int value(int j) {
            int[] p = order[j];
            return y[p[0]][p[1]][p[2]];
        }

        /** Indices of the next n non-zero coefficients from {@code from}, or null if there are fewer. */
        int[] group(int from, int n) {
            int[] g = new int[n];
            int found = 0;
            for (int j = from; j < order.length && found < n; j++) {
                if (value(j) != 0) {
                    g[found++] = j;
                }
            }
            return found == n ? g : null;
        }

        void embed(int bits, int k) {
            int n = (1 << k) - 1;
            while (true) {
                int[] g = group(next, n);
                if (g == null) {
                    throw new IllegalArgumentException("F5 ran out of non-zero coefficients");
                }
                int hash = 0;
                for (int i = 0; i < n; i++) {
                    if (bit(value(g[i])) == 1) {
                        hash ^= i + 1;
                    }
                }
                int s = hash ^ bits;
                if (s == 0) {
                    next = g[n - 1] + 1;
                    return;
                }
                int[] p = order[g[s - 1]];
                int v = y[p[0]][p[1]][p[2]];
                y[p[0]][p[1]][p[2]] = v > 0 ? v - 1 : v + 1;
                changes++;
                if (y[p[0]][p[1]][p[2]] != 0) {
                    next = g[n - 1] + 1;
                    return;
                }
                shrinkages++;   // the group is read again without the coefficient that became zero
            }
        }

        int extract(int k) {
            int n = (1 << k) - 1;
            int[] g = group(next, n);
            if (g == null) {
                return -1;
            }
            int hash = 0;
            for (int i = 0; i < n; i++) {
                if (bit(value(g[i])) == 1) {
                    hash ^= i + 1;
                }
            }
            next = g[n - 1] + 1;
            return hash;
        }
    }

    private static int[][][] copy(int[][][] a) {
        int[][][] out = new int[a.length][][];
        for (int i = 0; i < a.length; i++) {
            out[i] = new int[a[i].length][];
            for (int r = 0; r < a[i].length; r++) {
                out[i][r] = a[i][r].clone();
            }
        }
        return out;
    }

    /** Hides {@code message} in the coefficients (which are not modified; the stego is a copy). */
    public static Hidden hide(int[][][] components, byte[] message, String key) {
        int[][] order = order(components, key);
        int[][][] y = copy(components);
        byte[] frame = Arrays.copyOf(message, message.length + 4);
        System.arraycopy(KeyStream.sha256(CHECK_LABEL, message), 0, frame, message.length, 4);
        new KeyStream(key, "f5 frame").xor(frame);
        if (frame.length >= 1 << 27) {
            throw new IllegalArgumentException("message of " + message.length + " bytes is too long for F5");
        }
        long nonZero = 0;
        long ones = 0;
        for (int[] p : order) {
            int v = components[p[0]][p[1]][p[2]];
            nonZero += v != 0 ? 1 : 0;
            ones += Math.abs(v) == 1 ? 1 : 0;
        }
        // room after the header (k = 1: one coefficient per bit, plus its shrinkage), less the expected shrinkage
        double usable = (nonZero - 2.0 * HEADER_BITS) * (1 - (double) ones / Math.max(1, nonZero) / 2);
        int k = 0;
        for (int kk = MAX_K; kk >= 1; kk--) {
            if (frame.length * 8.0 * ((1 << kk) - 1) / kk <= 0.95 * usable) {
                k = kk;
                break;
            }
        }
        if (k == 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "message of %d bytes exceeds F5's room in these coefficients (%d non-zero AC, about %d bytes at k = 1)",
                    message.length, nonZero, Math.max(0, (long) (0.95 * usable / 8) - 4)));
        }
        int header = (k << 27) | frame.length;
        byte[] hb = {(byte) (header >>> 24), (byte) (header >>> 16), (byte) (header >>> 8), (byte) header};
        new KeyStream(key, "f5 header").xor(hb);
        Walk w = new Walk(y, order);
        for (byte[] bits : MessageHiding.chunks(MessageHiding.toBits(hb), 1)) {
            w.embed(bits[0], 1);
        }
        byte[] fb = MessageHiding.toBits(frame);
        for (byte[] bits : MessageHiding.chunks(fb, k)) {
            int v = 0;
            for (byte b : bits) {
                v = (v << 1) | b;
            }
            w.embed(v, k);
        }
        return new Hidden(y, k, w.changes, w.shrinkages);
    }

    /** The message hidden with {@code key}, or {@link MessageHiding.NoMessageException}. */
    public static byte[] reveal(int[][][] components, String key) {
        int[][] order = order(components, key);
        Walk w = new Walk(components, order);
        byte[] hbits = new byte[HEADER_BITS];
        for (int i = 0; i < HEADER_BITS; i++) {
            int v = w.extract(1);
            if (v < 0) {
                throw new MessageHiding.NoMessageException("no message found for this key (too few coefficients)");
            }
            hbits[i] = (byte) v;
        }
        byte[] hb = MessageHiding.fromBits(hbits);
        new KeyStream(key, "f5 header").xor(hb);
        int header = ((hb[0] & 0xff) << 24) | ((hb[1] & 0xff) << 16) | ((hb[2] & 0xff) << 8) | (hb[3] & 0xff);
        int k = header >>> 27;
        int length = header & ((1 << 27) - 1);
        if (k < 1 || k > MAX_K || length < 4 || (long) length * 8 * ((1 << k) - 1) / k > order.length) {
            throw new MessageHiding.NoMessageException("no message found for this key (header does not decode)");
        }
        byte[] bits = new byte[length * 8];
        for (int i = 0; i < bits.length; i += k) {
            int v = w.extract(k);
            if (v < 0) {
                throw new MessageHiding.NoMessageException("no message found for this key (frame runs past the coefficients)");
            }
            int take = Math.min(k, bits.length - i);
            for (int j = 0; j < take; j++) {
                bits[i + j] = (byte) ((v >> (k - 1 - j)) & 1);
            }
        }
        byte[] frame = MessageHiding.fromBits(bits);
        new KeyStream(key, "f5 frame").xor(frame);
        byte[] message = Arrays.copyOf(frame, length - 4);
        byte[] check = Arrays.copyOf(KeyStream.sha256(CHECK_LABEL, message), 4);
        if (!Arrays.equals(check, Arrays.copyOfRange(frame, length - 4, length))) {
            throw new MessageHiding.NoMessageException("no message found for this key (checksum mismatch)");
        }
        return message;
    }
}
