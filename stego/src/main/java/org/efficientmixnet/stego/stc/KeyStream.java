package org.efficientmixnet.stego.stc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A deterministic pseudo-random stream derived from a key and a purpose: SHA-256 in counter mode,
 * block i = SHA-256(key ‖ 0 ‖ purpose ‖ 0 ‖ i as 8 bytes big-endian). Fully specified, so a stego made on one
 * JVM is read on any other. Serves the permutations of the cover elements and the encryption of the message.
 */
final class KeyStream {
    private final MessageDigest sha;
    private final byte[] prefix;
    private long counter;
    private final byte[] block = new byte[32];
    private int used = 32;

    KeyStream(String key, String purpose) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("the key must not be empty");
        }
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] p = purpose.getBytes(StandardCharsets.UTF_8);
        prefix = new byte[k.length + 1 + p.length + 1];
        System.arraycopy(k, 0, prefix, 0, k.length);
        System.arraycopy(p, 0, prefix, k.length + 1, p.length);
    }

    int nextByte() {
        if (used == 32) {
            sha.update(prefix);
            for (int s = 56; s >= 0; s -= 8) {
                sha.update((byte) (counter >>> s));
            }
            counter++;
            try {
                sha.digest(block, 0, 32);
            } catch (java.security.DigestException e) {
                throw new IllegalStateException(e);
            }
            used = 0;
        }
        return block[used++] & 0xff;
    }

    long nextLong() {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | nextByte();
        }
        return v;
    }

    /** A uniformly random permutation of 0..n-1 (Fisher–Yates, bias below n/2^64). */
    int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = (int) Long.remainderUnsigned(nextLong(), i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** XORs {@code data} in place with the stream. */
    void xor(byte[] data) {
        for (int i = 0; i < data.length; i++) {
            data[i] ^= (byte) nextByte();
        }
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                d.update(p);
            }
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
