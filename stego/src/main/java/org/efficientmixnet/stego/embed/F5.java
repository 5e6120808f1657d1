package org.efficientmixnet.stego.embed;

import java.util.SplittableRandom;
import org.efficientmixnet.stego.stc.F5Embedding;

/**
 * F5 (Westfeld, "F5 — a steganographic algorithm: high capacity despite better steganalysis", IH 2001) in the
 * registry. The default is conseal's F5 ({@code conseal.F5.simulate_single_channel}: nsF5's simulation with
 * {@code add_shrinkage=True}): at payload α over n non-zero AC coefficients, change rate {@code β = h⁻¹(α) / (1 − p)}
 * with p the share of ±1 among all coefficients (zeros and DC included, as conseal counts it), and
 * ⌈β n⌉ (at most n) non-zero AC coefficients drawn uniformly get their magnitude decremented, so that ±1s
 * become 0 (the shrinkage F5 pays for). The variant {@code matrix-encoding} really embeds: a random message of
 * ⌊payload bits / 8⌋ bytes (drawn from the seed) hidden by {@link F5Embedding} (matrix encoding, shrinkage,
 * key-derived order) with the key {@link #key(long) Long.toString(seed)}, so that {@code emn stego reveal --algo
 * f5 --key SEED} reads it back (the embed manifest records each cover's seed). Costs (both): nsF5's (1 towards
 * zero on non-zero AC coefficients, +Infinity otherwise).
 */
public final class F5 {
    public static final Algorithm ALGORITHM = Algorithm.of("f5", Domain.JPEG,
            (covers, costs, payload, seed) -> Nsf5.embed(covers, payload.value(), seed, true, "F5"),
            "Westfeld, IH 2001; conseal F5 (nsF5 simulation with add_shrinkage=True)", (c, q) -> Nsf5.costs(c))
            .withVariant("matrix-encoding", (c, q) -> Nsf5.costs(c), F5::embedMessage);

    private F5() {
    }

    /** The key the {@code matrix-encoding} variant hides with for a cover's seed: the seed in decimal. */
    public static String key(long seed) {
        return Long.toString(seed);
    }

    /** The random message the {@code matrix-encoding} variant hides at that message length and seed. */
    public static byte[] message(double messageBits, long seed) {
        if (!(messageBits >= 0) || messageBits / 8 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("message of " + messageBits + " bits is not a length F5 can hide");
        }
        byte[] m = new byte[(int) Math.floor(messageBits / 8)];
        new SplittableRandom(seed).nextBytes(m);
        return m;
    }

    /** Simulates conseal's F5 at {@code payloadBpnzac} over every component's non-zero AC coefficients. */
    public static Simulation embed(int[][][] components, double payloadBpnzac, long seed) {
        return Nsf5.embed(components, payloadBpnzac, seed, true, "F5");
    }

    private static Simulation embedMessage(int[][][] covers, CostMap[] costs, Domain.Payload payload, long seed) {
        byte[] message = message(payload.bits(), seed);
        F5Embedding.Hidden h;
        try {
            h = F5Embedding.hide(covers, message, key(seed));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(payload.label() + " with F5 matrix encoding: " + e.getMessage(), e);
        }
        // the change "probabilities" of a real embedding: 1 where it changed, in the direction it changed
        ChangeProbabilities[] p = new ChangeProbabilities[covers.length];
        for (int i = 0; i < covers.length; i++) {
            int rows = covers[i].length;
            int cols = covers[i][0].length;
            double[][] pp = new double[rows][cols];
            double[][] pm = new double[rows][cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    int d = h.stegoComponents()[i][r][c] - covers[i][r][c];
                    pp[r][c] = d > 0 ? 1 : 0;
                    pm[r][c] = d < 0 ? 1 : 0;
                }
            }
            p[i] = new ChangeProbabilities(pp, pm);
        }
        return new Simulation(h.stegoComponents(), p, h.changes(), Double.NaN, payload.bits(), 8.0 * message.length);
    }
}
