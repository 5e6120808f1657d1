package org.efficientmixnet.stego.stc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.efficientmixnet.stego.embed.Algorithm;

/**
 * How far real STC embedding is from the embedding simulator (the rate-distortion bound) on real covers: for
 * each cover a random message of {@code payload} (the algorithm's unit) is hidden with {@link MessageHiding};
 * its distortion (the summed costs of the changes made) is compared with the distortion the simulator expects for
 * the same number of bits (header and frame) over the same costs, and the payload loss {@code 1 - m / m*} with
 * m* the bound's payload at the STC's distortion is reported too (Filler, Judas, Fridrich's coding loss).
 */
public final class CodingLoss {
    private CodingLoss() {
    }

    /** One cover's measurement. */
    public record Row(Path cover, long bits, double stcDistortion, double simulatedDistortion, double payloadLoss,
                      double seconds) {
        /** STC distortion over the simulator's, minus one. */
        public double distortionExcess() {
            return stcDistortion / simulatedDistortion - 1;
        }
    }

    /** Measures every cover; covers too small or too full for the payload (or where STC finds no solution) are skipped with a note. */
    public static List<Row> measure(Algorithm a, List<Path> covers, double payload, int height, List<String> skipped)
            throws IOException {
        List<Row> rows = new ArrayList<>();
        MessageHiding.Options o = StcFiles.options(a, height);
        for (Path p : covers) {
            StcFiles.Cover c = StcFiles.read(a, p);
            double bits = a.domain().payload(payload, c.components()).bits();
            int bytes = (int) Math.floor(bits / 8) - MessageHiding.CHECK_BYTES - MessageHiding.HEADER_BITS / 8;
            long cap = MessageHiding.capacityBytes(c.costs(), o);
            if (bytes < 1 || bytes > cap || c.components().length == 0) {
                skipped.add(p + ": message of " + bytes + " bytes, capacity " + cap + " bytes");
                continue;
            }
            byte[] msg = new byte[bytes];
            new java.util.SplittableRandom(p.getFileName().toString().hashCode()).nextBytes(msg);
            long t0 = System.nanoTime();
            MessageHiding.Hidden h;
            try {
                h = MessageHiding.hide(c.components(), c.costs(), msg, "coding-loss", o);
            } catch (SyndromeTrellisCode.NoSolutionException e) {
                skipped.add(p + ": " + e.getMessage());
                continue;
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            double sim = MessageHiding.simulatedDistortion(c.costs(), h.embeddedBits(), o.ternary());
            double bound = MessageHiding.payloadAtDistortion(c.costs(), h.distortion(), o.ternary());
            rows.add(new Row(p, h.embeddedBits(), h.distortion(), sim, 1 - h.embeddedBits() / bound, secs));
        }
        return rows;
    }
}
