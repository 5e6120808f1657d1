package org.efficientmixnet.train.loop;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the JVM from exiting while a thread still runs native engine code. On SIGTERM or Ctrl-C the JVM runs its
 * shutdown hooks and then exits, and exiting runs libtorch's static destructors (oneDNN's primitive cache, the thread
 * pools): a training step still inside libtorch on the main thread then crashes with SIGSEGV (seen in a backward
 * pass, {@code dnnl_primitive_execute}). This guard's hook asks the work to stop ({@link #onShutdown}, e.g.
 * {@link TrainingLoop#requestStop}) and waits, up to a bound, until {@link #close} says that the native work is over
 * and its managers are closed. Open it around everything that holds engine resources:
 *
 * <pre>{@code
 * try (ShutdownGuard guard = ShutdownGuard.install()) {
 *     try (Model model = ...) {
 *         TrainingLoop<Batch> loop = ...;
 *         guard.onShutdown(() -> loop.requestStop("stopped by a signal"));
 *         loop.run();
 *     }
 * }
 * }</pre>
 * Nothing inside the guarded region may call {@code System.exit}: the hook would wait for a close that never comes
 * (up to its bound).
 */
public final class ShutdownGuard implements AutoCloseable {
    /** How long the hook waits by default; the system property {@code emn.shutdown.wait} (seconds) changes it. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(Long.getLong("emn.shutdown.wait", 120));

    private final CountDownLatch done = new CountDownLatch(1);
    private final Duration wait;
    private final Thread hook;
    private Runnable onShutdown;
    private boolean signalled;

    private ShutdownGuard(Duration wait) {
        this.wait = wait;
        this.hook = new Thread(this::shutdown, "emn-shutdown-guard");
    }

    public static ShutdownGuard install() {
        return install(DEFAULT_WAIT);
    }

    /** Installs the hook; it waits at most {@code wait} for {@link #close}. */
    public static ShutdownGuard install(Duration wait) {
        ShutdownGuard g = new ShutdownGuard(wait);
        Runtime.getRuntime().addShutdownHook(g.hook);
        return g;
    }

    /** What to do when the JVM starts to shut down (run at once if it already has). */
    public void onShutdown(Runnable action) {
        boolean now;
        synchronized (this) {
            onShutdown = action;
            now = signalled;
        }
        if (now) {
            action.run();
        }
    }

    /** Whether the JVM has begun to shut down while the guard was open. */
    public synchronized boolean signalled() {
        return signalled;
    }

    private void shutdown() {
        Runnable action;
        synchronized (this) {
            signalled = true;
            action = onShutdown;
        }
        if (action != null) {
            action.run();
        }
        try {
            if (!done.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                System.err.println("emn: the work did not stop within " + wait.toSeconds() + " s of the shutdown signal;"
                        + " exiting anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The native work is over: a shutdown may proceed (and the hook is removed when none is under way). */
    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run; it returns now that the latch is open
        }
    }
}
