package org.efficientmixnet.stego.ensemble;

/**
 * MT19937 seeded like numpy's legacy {@code np.random.RandomState(seed)} with an integer seed (init_genrand), with
 * its {@code rand()} (53-bit doubles, genrand_res53). The ensemble draws its subspaces and bootstrap samples from it
 * so that a run with the same seeds reproduces Kodovský's MATLAB code and its Python port (sealwatch) exactly —
 * MATLAB's and numpy's Mersenne twisters give the same doubles.
 */
final class MersenneTwister {
    private static final int N = 624;
    private static final int M = 397;
    private final int[] mt = new int[N];
    private int mti;

    MersenneTwister(long seed) {
        if (seed < 0 || seed > 0xffffffffL) {
            throw new IllegalArgumentException("seed " + seed + " is not in 0 … 2³² − 1");
        }
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        mti = N;
    }

    private MersenneTwister(MersenneTwister other) {
        System.arraycopy(other.mt, 0, mt, 0, N);
        mti = other.mti;
    }

    MersenneTwister copy() {
        return new MersenneTwister(this);
    }

    int nextInt32() {
        if (mti >= N) {
            int kk;
            for (kk = 0; kk < N - M; kk++) {
                int y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff);
                mt[kk] = mt[kk + M] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
            }
            for (; kk < N - 1; kk++) {
                int y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff);
                mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
            }
            int y = (mt[N - 1] & 0x80000000) | (mt[0] & 0x7fffffff);
            mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
            mti = 0;
        }
        int y = mt[mti++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    /** A double in [0, 1) with 53 random bits, as numpy's {@code rand()} and MATLAB's {@code rand}. */
    double rand() {
        long a = (nextInt32() >>> 5) & 0x7ffffffL;
        long b = (nextInt32() >>> 6) & 0x3ffffffL;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** The permutation that sorts n fresh doubles (sealwatch's {@code randperm_naive}, MATLAB's old randperm). */
    int[] randperm(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rand();
        }
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (x, y) -> Double.compare(v[x], v[y]));
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = idx[i];
        }
        return p;
    }
}
