package org.efficientmixnet.train;

/**
 * The engine's thread settings, chosen before the engine loads (DJL reads them once). {@code threads > 0} gives that
 * many intra-op threads; 0 (the default) gives one per core. Inter-op parallelism is always 1: our networks are
 * chains, and a second pool only adds threads that compete for the same cores. Settings given on the command line
 * ({@code -Dai.djl.pytorch.num_threads=…}) win over the default.
 *
 * <p>Measured (demo network, 64×64, 2 cores shared with other builds, load average 21–31): 1 thread 7.0 img/s; 2
 * threads with libgomp's default spin-waiting 0.7 img/s; 2 threads with {@code OMP_WAIT_POLICY=PASSIVE} 4.2 img/s.
 * Spinning threads waiting at every operator's barrier for a descheduled partner is what collapses; {@code bin/emn}
 * therefore sets {@code OMP_WAIT_POLICY=PASSIVE} (read once when libtorch loads; a Java application sets it in its
 * environment).
 */
public final class EngineThreads {
    public static final String INTRA = "ai.djl.pytorch.num_threads";
    public static final String INTER = "ai.djl.pytorch.num_interop_threads";

    private EngineThreads() {
    }

    /** Sets the intra-op threads ({@code threads}, or the cores when 0) and one inter-op thread. */
    public static void configure(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("--threads must be ≥ 0 (0: one per core), got " + threads);
        }
        if (threads > 0) {
            System.setProperty(INTRA, Integer.toString(threads));
        } else if (System.getProperty(INTRA) == null) {
            System.setProperty(INTRA, Integer.toString(Runtime.getRuntime().availableProcessors()));
        }
        if (System.getProperty(INTER) == null || threads > 0) {
            System.setProperty(INTER, "1");
        }
    }
}
