package org.efficientmixnet.train;

/**
 * The engine's thread settings, chosen before the engine loads (DJL reads them once). {@code threads > 0} gives that
 * many intra-op threads; 0 (the default) gives one per core. Inter-op parallelism is always 1: our networks are
 * chains, and a second pool only adds threads that compete for the same cores. Settings given on the command line
 * ({@code -Dai.djl.pytorch.num_threads=…}) win over the default.
 *
 * <p>How the threads wait between operators matters as much as their number. Measured (demo network, 64×64, 2 cores
 * shared with other builds, load average 21–31): 1 thread 7.0 img/s; 2 threads with libgomp's default spin-waiting
 * (about 3 ms) 0.7 img/s; 2 threads with {@code OMP_WAIT_POLICY=PASSIVE} 4.2 img/s: threads spinning at every
 * operator's barrier for a descheduled partner collapse. But on idle cores sleeping at once halves batch-1 inference
 * (efficientnet_b0, 48–51 against 97–102 img/s), so {@code bin/emn} sets {@code GOMP_SPINCOUNT=10000} (about 0.1 ms of
 * spinning, then sleep) unless {@code OMP_WAIT_POLICY} or {@code GOMP_SPINCOUNT} is set: with two busy processes
 * beside it, training 128/32 kept 18–31 img/s against PASSIVE's 24–48 and the default's 2.7–18 (BENCHMARKS.md). Read
 * once when libtorch loads; a Java application sets it in its environment.
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
