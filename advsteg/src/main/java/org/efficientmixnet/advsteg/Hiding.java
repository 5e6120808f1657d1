package org.efficientmixnet.advsteg;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.efficientmixnet.io.AtomicFile;

/**
 * Real messages through a trained Alice and Bob. A message is framed as a 32-bit big-endian byte count followed by
 * its bytes (most significant bit first) and cut into blocks of {@code msg-len} bits, one block per cover, in the
 * order the covers are given; the last block is filled with pseudo-random bits. Stegos are written as 8-bit PNG
 * named {@code NNN-<cover name>.png} so that a folder lists them in order. Bob reads the blocks back by the sign of
 * his output; the frame's length field says where the message ends. Nothing here corrects errors: the bit error rate
 * is reported so that the user sees what the networks deliver.
 */
public final class Hiding {
    /** Bits of the length field. */
    public static final int HEADER_BITS = 32;

    private Hiding() {
    }

    /** What {@link #reveal} read: the message and, when the true message was given, the bit error rate. */
    public record Revealed(byte[] message, double bitErrorRate, int images) {
    }

    /** Framed bits of {@code message}: length then bytes, MSB first. */
    static boolean[] frame(byte[] message) {
        boolean[] bits = new boolean[HEADER_BITS + 8 * message.length];
        for (int i = 0; i < HEADER_BITS; i++) {
            bits[i] = ((message.length >>> (HEADER_BITS - 1 - i)) & 1) == 1;
        }
        for (int i = 0; i < message.length * 8; i++) {
            bits[HEADER_BITS + i] = ((message[i / 8] >>> (7 - i % 8)) & 1) == 1;
        }
        return bits;
    }

    /** Images needed for a message of {@code bytes} bytes with {@code bitsPerImage} bits each. */
    public static int imagesNeeded(long bytes, int bitsPerImage) {
        return (int) ((HEADER_BITS + 8 * bytes + bitsPerImage - 1) / bitsPerImage);
    }

    /**
     * Hides {@code message} in the first covers needed (each must be of the networks' size), writing the stegos to
     * {@code outDir}; a message larger than the covers' capacity, or an output that would overwrite a cover, is
     * refused before anything is written. Returns the stego files in order.
     */
    public static List<Path> hide(AdvStegNetworks nets, byte[] message, List<Path> covers, Path outDir) throws IOException {
        AdvStegConfig c = nets.config();
        int l = c.messageLength();
        int need = imagesNeeded(message.length, l);
        if (need > covers.size()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the message of %d bytes needs %d bits (with the %d-bit length header), %d image(s) of %d bits; "
                            + "only %d cover(s) given", message.length, HEADER_BITS + 8L * message.length, HEADER_BITS, need,
                    l, covers.size()));
        }
        List<Path> use = covers.subList(0, need);
        List<Path> outs = new ArrayList<>();
        Set<Path> inputs = new HashSet<>();
        use.forEach(p -> inputs.add(p.toAbsolutePath().normalize()));
        for (int i = 0; i < need; i++) {
            String name = use.get(i).getFileName().toString();
            int dot = name.lastIndexOf('.');
            Path out = outDir.resolve(String.format(Locale.ROOT, "%03d-%s.png", i, dot > 0 ? name.substring(0, dot) : name));
            if (inputs.contains(out.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException(out + ": would overwrite a cover; choose another --out");
            }
            outs.add(out);
        }
        CoverSet set = CoverSet.files(use, c, true, null);
        boolean[] bits = frame(message);
        float[] msg = new float[need * l];
        SplittableRandom fill = new SplittableRandom(0x51A7L);
        for (int i = 0; i < msg.length; i++) {
            boolean b = i < bits.length ? bits[i] : fill.nextBoolean();
            msg[i] = b ? 0.5f : -0.5f;
        }
        int[] idx = new int[need];
        for (int i = 0; i < need; i++) {
            idx[i] = i;
        }
        float[] stegos = AdvStegRun.infer(nets, set.pack(idx), msg, need)[0];
        Files.createDirectories(outDir);
        for (int i = 0; i < need; i++) {
            writePng(outs.get(i), stegos, i, c);
        }
        return outs;
    }

    /** Reads the message from {@code stegos} in order; with {@code expected}, also the bit error rate against it. */
    public static Revealed reveal(AdvStegNetworks nets, List<Path> stegos, byte[] expected) {
        AdvStegConfig c = nets.config();
        int l = c.messageLength();
        CoverSet set = CoverSet.files(stegos, c, true, null);
        boolean[] bits = new boolean[set.size() * l];
        int chunk = 16;
        for (int from = 0; from < set.size(); from += chunk) {
            int n = Math.min(chunk, set.size() - from);
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = from + i;
            }
            float[] decoded = AdvStegRun.decode(nets, set.pack(idx), n);
            for (int i = 0; i < decoded.length; i++) {
                bits[from * l + i] = decoded[i] > 0;
            }
        }
        double ber = Double.NaN;
        if (expected != null) {
            boolean[] truth = frame(expected);
            int wrong = 0;
            int compared = Math.min(truth.length, bits.length);
            for (int i = 0; i < compared; i++) {
                if (truth[i] != bits[i]) {
                    wrong++;
                }
            }
            wrong += truth.length - compared; // bits the stegos do not even hold count as wrong
            ber = (double) wrong / truth.length;
        }
        long length = 0;
        for (int i = 0; i < HEADER_BITS && i < bits.length; i++) {
            length = (length << 1) | (bits[i] ? 1 : 0);
        }
        long available = (bits.length - HEADER_BITS) / 8;
        if (bits.length < HEADER_BITS || length > available) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the length header reads %d bytes but %d stego image(s) hold at most %d: wrong order, missing images, "
                            + "another run's networks, or too many bit errors%s", length, set.size(), Math.max(0, available),
                    Double.isNaN(ber) ? "" : String.format(Locale.ROOT, " (bit error rate %.4f)", ber)));
        }
        byte[] out = new byte[(int) length];
        for (int i = 0; i < out.length * 8; i++) {
            if (bits[HEADER_BITS + i]) {
                out[i / 8] |= (byte) (1 << (7 - i % 8));
            }
        }
        return new Revealed(out, ber, set.size());
    }

    /** Image {@code k} of a packed (N, C, S, S) buffer in [−1, 1] as an 8-bit PNG. */
    static void writePng(Path file, float[] stegos, int k, AdvStegConfig c) throws IOException {
        int s = c.imageSize();
        int type = c.inChannels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB;
        BufferedImage img = new BufferedImage(s, s, type);
        int off = k * c.imageValues();
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                if (c.inChannels() == 1) {
                    img.getRaster().setSample(x, y, 0, CoverSet.toByte(stegos[off + y * s + x]));
                } else {
                    int rgb = 0;
                    for (int q = 0; q < 3; q++) {
                        int ch = Math.min(q, c.inChannels() - 1);
                        rgb = (rgb << 8) | CoverSet.toByte(stegos[off + (ch * s + y) * s + x]);
                    }
                    img.setRGB(x, y, rgb);
                }
            }
        }
        AtomicFile.write(file, tmp -> ImageIO.write(img, "png", tmp.toFile()));
    }
}
