package org.efficientmixnet.stego.stc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.efficientmixnet.stego.dataset.GrayImages;
import org.efficientmixnet.stego.embed.Algorithm;
import org.efficientmixnet.stego.embed.CostMap;
import org.efficientmixnet.stego.embed.Nsf5;
import org.efficientmixnet.stego.embed.Simulator;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;

/**
 * {@link MessageHiding} on image files with a registered {@link Algorithm}: spatial algorithms read an 8-bit
 * grayscale image and write a PNG; JPEG algorithms read the quantized coefficients of every component (all
 * components share the message) and write them back with the same quantization tables, sampling and APPn/COM
 * segments, so that the stego differs from the cover only in the coefficients the code changed. Algorithms
 * whose simulator is ternary embed ±1 (double-layered STC); the others (LSB, nsF5) embed binary.
 */
public final class StcFiles {
    private StcFiles() {
    }

    /**
     * The options an algorithm embeds with at constraint height h: ternary for algorithms simulated ternary,
     * binary for those simulated binary (LSB) and nsF5.
     *
     * @throws IllegalArgumentException for algorithms without additive costs (MiPOD)
     */
    public static MessageHiding.Options options(Algorithm a, int height) {
        if (a.simulator() == Simulator.TERNARY) {
            return new MessageHiding.Options(true, height);
        }
        if (a.simulator() == Simulator.BINARY || a.simulator() == Nsf5.ALGORITHM.simulator()) {
            return new MessageHiding.Options(false, height);
        }
        throw new IllegalArgumentException(a.id() + " has no additive costs (its simulator is its own), so it cannot"
                + " hide messages with STC; use an algorithm with costs (e.g. hill, wow, s-uniward, j-uniward, uerd)");
    }

    /** A cover read for STC: its component arrays, their costs, and the JPEG they came from (null for pixels). */
    public record Cover(int[][][] components, CostMap[] costs, JpegCoefficients jpeg) {
    }

    /** Reads a cover and computes the algorithm's costs of every component. */
    public static Cover read(Algorithm a, Path file) throws IOException {
        if (a.jpeg()) {
            JpegCoefficients j = JpegCoefficients.read(file);
            int n = j.numComponents();
            int[][][] comps = new int[n][][];
            int[][] qts = new int[n][];
            for (int c = 0; c < n; c++) {
                comps[c] = j.component(c).toLayout();
                qts[c] = j.quantTableOf(c);
            }
            return new Cover(comps, a.costs(comps, qts), j);
        }
        int[][] px = GrayImages.readGrayscale(file);
        return new Cover(new int[][][] {px}, a.costs(new int[][][] {px}, null), null);
    }

    /** The largest message in bytes that {@link #hide} takes for this cover. */
    public static long capacityBytes(Algorithm a, Path cover, int height) throws IOException {
        return MessageHiding.capacityBytes(read(a, cover).costs(), options(a, height));
    }

    /**
     * Hides {@code message} in {@code cover} and writes the stego to {@code out} (a PNG for spatial algorithms);
     * nothing is written when the message does not fit or the code fails.
     */
    public static MessageHiding.Hidden hide(Algorithm a, String key, byte[] message, Path cover, Path out, int height)
            throws IOException {
        if (!a.jpeg()) {
            String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!name.endsWith(".png")) {
                throw new IllegalArgumentException(out + ": a spatial stego must be written losslessly as .png");
            }
        }
        Cover c = read(a, cover);
        MessageHiding.Hidden h = MessageHiding.hide(c.components(), c.costs(), message, key, options(a, height));
        if (c.jpeg() != null) {
            JpegCoefficients j = c.jpeg();
            for (int i = 0; i < j.numComponents(); i++) {
                j.component(i).fromLayout(h.stegoComponents()[i]);
            }
            j.write(out, true);
        } else {
            GrayImages.writePng(out, h.stegoComponents()[0]);
        }
        return h;
    }

    /** True for F5 ({@code f5} or {@code f5:matrix-encoding}): hide and reveal use {@link F5Embedding}, not STC. */
    public static boolean isF5(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return n.equals("f5") || n.equals("f5:matrix-encoding");   // the registry's f5 and its real embedder
    }

    /** F5 on a JPEG file: every component, DC untouched; the stego keeps tables and markers. */
    public static F5Embedding.Hidden hideF5(String key, byte[] message, Path cover, Path out) throws IOException {
        JpegCoefficients j = JpegCoefficients.read(cover);
        int n = j.numComponents();
        int[][][] comps = new int[n][][];
        for (int c = 0; c < n; c++) {
            comps[c] = j.component(c).toLayout();
        }
        F5Embedding.Hidden h = F5Embedding.hide(comps, message, key);
        for (int c = 0; c < n; c++) {
            j.component(c).fromLayout(h.stegoComponents()[c]);
        }
        j.write(out, true);
        return h;
    }

    /** The message F5 hid in a JPEG file with {@code key}. */
    public static byte[] revealF5(String key, Path stego) throws IOException {
        JpegCoefficients j = JpegCoefficients.read(stego);
        int[][][] comps = new int[j.numComponents()][][];
        for (int c = 0; c < comps.length; c++) {
            comps[c] = j.component(c).toLayout();
        }
        try {
            return F5Embedding.reveal(comps, key);
        } catch (MessageHiding.NoMessageException e) {
            throw new MessageHiding.NoMessageException(stego + ": " + e.getMessage() + " (F5)");
        }
    }

    /** The message hidden in {@code stego} with {@code key}. */
    public static byte[] reveal(Algorithm a, String key, Path stego, int height) throws IOException {
        int[][][] comps;
        if (a.jpeg()) {
            JpegCoefficients j = JpegCoefficients.read(stego);
            comps = new int[j.numComponents()][][];
            for (int c = 0; c < comps.length; c++) {
                comps[c] = j.component(c).toLayout();
            }
        } else {
            comps = new int[][][] {GrayImages.readGrayscale(stego)};
        }
        try {
            return MessageHiding.reveal(comps, key, options(a, height));
        } catch (MessageHiding.NoMessageException e) {
            throw new MessageHiding.NoMessageException(stego + ": " + e.getMessage() + " (algorithm " + a.id()
                    + ", constraint height " + height + ")");
        }
    }
}
