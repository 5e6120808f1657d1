package org.efficientmixnet.weights;

import java.io.PrintStream;

/** Receives download progress, so the CLI (or a GUI) can draw it; {@link #stderr()} draws a text bar. */
public interface DownloadProgress {
    /** A download starts; {@code resumedFrom} bytes are already on disk, {@code total} is -1 when unknown. */
    void start(String name, long resumedFrom, long total);

    /** {@code done} bytes of {@code total} are on disk. */
    void advance(long done, long total);

    /** The download ended, successfully or not. */
    void finish(boolean success);

    /** Reports nothing. */
    DownloadProgress NONE = new DownloadProgress() {
        @Override
        public void start(String name, long resumedFrom, long total) {
        }

        @Override
        public void advance(long done, long total) {
        }

        @Override
        public void finish(boolean success) {
        }
    };

    /** A one-line bar on standard error, redrawn at most once per percent. */
    static DownloadProgress stderr() {
        return bar(System.err);
    }

    /** A one-line bar on {@code out}, redrawn at most once per percent. */
    static DownloadProgress bar(PrintStream out) {
        return new DownloadProgress() {
            private String label = "";
            private long lastPermille = -1;

            @Override
            public void start(String name, long resumedFrom, long total) {
                label = name;
                lastPermille = -1;
                if (resumedFrom > 0) {
                    out.printf("%s: resuming at %d bytes%n", name, resumedFrom);
                }
            }

            @Override
            public void advance(long done, long total) {
                if (total <= 0) {
                    return;
                }
                long permille = done * 100 / total;
                if (permille == lastPermille) {
                    return;
                }
                lastPermille = permille;
                int width = 30;
                int filled = (int) (width * done / total);
                out.printf("\r%s [%s%s] %3d%% %,d/%,d MB", label, "#".repeat(filled), " ".repeat(width - filled),
                        permille, done >> 20, total >> 20);
                out.flush();
            }

            @Override
            public void finish(boolean success) {
                if (lastPermille >= 0) {
                    out.println(success ? "" : " failed");
                }
            }
        };
    }
}
