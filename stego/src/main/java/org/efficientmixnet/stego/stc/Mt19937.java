package org.efficientmixnet.stego.stc;

/**
 * The 32-bit Mersenne Twister MT19937 (Matsumoto, Nishimura, ACM TOMACS 1998), as C++'s {@code std::mt19937}:
 * the reference STC draws its random submatrices from {@code std::mt19937(1)}, so this stream gives the same
 * matrices. Not for cryptographic use.
 */
final class Mt19937 {
    private static final int N = 624;
    private static final int M = 397;
    private final int[] mt = new int[N];
    private int index;

    Mt19937(int seed) {
        mt[0] = seed;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        index = N;
    }

    /** The next output as an unsigned 32-bit value. */
    long next() {
        if (index >= N) {
            for (int i = 0; i < N; i++) {
                int y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
                int v = mt[(i + M) % N] ^ (y >>> 1);
                if ((y & 1) != 0) {
                    v ^= 0x9908b0df;
                }
                mt[i] = v;
            }
            index = 0;
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xffffffffL;
    }
}
