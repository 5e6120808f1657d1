package org.efficientmixnet.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.efficientmixnet.stego.embed.JUniward;
import org.efficientmixnet.stego.embed.Simulation;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;

/**
 * Throughput of J-UNIWARD embedding on a 512×512 grayscale JPEG (quality 75, textured synthetic content): read
 * the coefficients, compute costs and simulate 0.4 bpnzAC, write the stego JPEG; medians over the runs.
 */
public final class StegoBenchmark {
    private StegoBenchmark() {
    }

    /** One line with the median seconds per image and images per second. */
    public static String run(int runs) throws IOException {
        byte[] cover = cover(512, 75);
        List<Double> times = new ArrayList<>();
        long changes = 0;
        for (int i = 0; i < runs + 1; i++) {
            long t0 = System.nanoTime();
            JpegCoefficients j = JpegCoefficients.read(cover, "cover.jpg");
            Simulation s = JUniward.embed(j.component(0).toLayout(), j.quantTableOf(0), 0.4, i);
            j.component(0).fromLayout(s.stego());
            byte[] stego = j.toBytes(false);
            long t1 = System.nanoTime();
            changes = s.changes();
            if (i > 0 && stego.length > 0) {
                times.add((t1 - t0) / 1e9);
            }
        }
        double median = BenchWorker.median(times);
        return String.format(Locale.ROOT, "j-uniward 512×512 gray q75 at 0.4 bpnzAC: %.3f s per image (%.2f images/s, "
                + "%d changes), median of %d", median, 1 / median, changes, runs);
    }

    static byte[] cover(int size, int quality) throws IOException {
        return cover(size, quality, 1);
    }

    /** A textured synthetic grayscale JPEG; {@code seed} varies the noise (and the phase of the texture). */
    static byte[] cover(int size, int quality, long seed) throws IOException {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        Random r = new Random(seed);
        double phase = seed == 1 ? 0 : r.nextDouble() * 7;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double v = 128 + 60 * Math.sin(x / 9.0 + phase) * Math.cos(y / 13.0) + r.nextGaussian() * 15;
                img.getRaster().setSample(x, y, 0, (int) Math.max(0, Math.min(255, v)));
            }
        }
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(quality / 100f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            w.setOutput(ios);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
        return out.toByteArray();
    }
}
