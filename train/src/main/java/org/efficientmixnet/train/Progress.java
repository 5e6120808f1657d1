package org.efficientmixnet.train;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress bar on stderr: one line redrawn with '\r' on a terminal (loss, accuracy, images/s, ETA), plain lines
 * every tenth of the epoch otherwise.
 */
public final class Progress {
    private final PrintWriter out;
    private final boolean terminal;
    private long start;
    private long lastDraw;
    private int total;
    private int lastTenth;
    private String prefix;

    public Progress(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** To a writer (a command's error stream), redrawn in place when a console is attached. */
    public static Progress to(PrintWriter err) {
        return new Progress(err, System.console() != null);
    }

    /** To stderr, redrawn in place when a console is attached. */
    public static Progress stderr() {
        return new Progress(new PrintWriter(System.err, true), System.console() != null);
    }

    public static Progress silent() {
        return new Progress(new PrintWriter(java.io.Writer.nullWriter()), false);
    }

    public void begin(String prefix, int steps) {
        this.prefix = prefix;
        this.total = steps;
        this.start = System.nanoTime();
        this.lastDraw = 0;
        this.lastTenth = 0;
    }

    /** Redraws the bar at {@code step} with a running loss and accuracy. */
    public void update(int step, double loss, double acc, long images) {
        update(step, String.format(Locale.ROOT, "loss %.4f acc %.3f", loss, acc), images);
    }

    /** Redraws the bar at {@code step} with the running values as given (e.g. {@code "loss 0.4130 acc 0.812"}). */
    public void update(int step, String values, long images) {
        long now = System.nanoTime();
        double secs = (now - start) / 1e9;
        int tenth = total == 0 ? 10 : step * 10 / total;
        if (terminal) {
            if (now - lastDraw < 200_000_000L && step < total) {
                return;
            }
        } else if (tenth == lastTenth || step == total) {
            return;
        }
        lastDraw = now;
        lastTenth = tenth;
        double eta = step == 0 ? 0 : secs / step * (total - step);
        int width = 24;
        int filled = total == 0 ? width : (int) ((long) step * width / total);
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        String line = String.format(Locale.ROOT, "%s [%s] %d/%d %s %.1f img/s ETA %s", prefix, bar, step,
                total, values, secs > 0 ? images / secs : 0, time(eta));
        if (terminal) {
            out.print("\r" + line + "\033[K");
        } else {
            out.println(line);
        }
        out.flush();
    }

    public void end(String summary) {
        if (terminal) {
            out.print("\r\033[K");
        }
        out.println(summary);
        out.flush();
    }

    static String time(double s) {
        long t = Math.round(s);
        return t >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
                : String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60);
    }
}
