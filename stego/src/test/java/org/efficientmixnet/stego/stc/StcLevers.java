package org.efficientmixnet.stego.stc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.efficientmixnet.stego.embed.Algorithm;
import org.efficientmixnet.stego.embed.Algorithms;
import org.efficientmixnet.stego.embed.CostMap;

/**
 * A measurement tool, not a test (docs/stego-embed.md, "Coding loss"): the distortion excess of STC over the
 * simulator under sender-side variants that leave extraction as it is, and of the binary code alone on a synthetic
 * profile. Run from the repository root after {@code mvn test-compile}:
 *
 * <pre>
 * java -cp stego/target/test-classes:stego/target/classes:io/target/classes org.efficientmixnet.stego.stc.StcLevers \
 *     layered ALGO PAYLOAD HEIGHT COVERS EVERY VARIANTS    # e.g. j-uniward 0.4 10 covers 8 base,s0.5,s2,even,f0.9
 * java ... StcLevers binary HEIGHT N PROFILE INVERSE_RATES TRIALS    # e.g. 10 40000 linear 4,8,16,32,64 3
 * </pre>
 *
 * <p>Layered: the frame alone (no header) over every element of every EVERY-th cover, in random orders; variants
 * {@code base} (as {@link MessageHiding}), {@code sK} (layer costs at K·λ: only layer 2's change, layer 1's are
 * proportional to λ), {@code even} (m2 = m/2, the reference's split), {@code fK} (K times our m2); each stego is
 * extracted again. Binary: {@link SyndromeTrellisCode} (the reference's submatrices) against the binary bound's
 * distortion at the same payload, costs {@code linear} (uniform on 0..1), {@code square} or {@code lognormal}.
 */
public final class StcLevers {
    private StcLevers() {
    }

    public static void main(String[] a) throws Exception {
        if (a[0].equals("binary")) {
            binary(Integer.parseInt(a[1]), Integer.parseInt(a[2]), a[3],
                    Arrays.stream(a[4].split(",")).mapToInt(Integer::parseInt).toArray(), Integer.parseInt(a[5]));
        } else {
            layered(Algorithms.get(a[1]), Double.parseDouble(a[2]), Integer.parseInt(a[3]), Path.of(a[4]),
                    Integer.parseInt(a[5]), a[6].split(","));
        }
    }

    private static void layered(Algorithm alg, double payload, int height, Path dir, int every, String[] variants)
            throws Exception {
        List<Path> covers;
        try (Stream<Path> s = Files.list(dir)) {
            covers = s.sorted().toList();
        }
        Map<String, List<Double>> excess = new LinkedHashMap<>();
        for (String v : variants) {
            excess.put(v, new ArrayList<>());
        }
        SyndromeTrellisCode stc = new SyndromeTrellisCode(height);
        for (int ci = 0; ci < covers.size(); ci += every) {
            StcFiles.Cover c = StcFiles.read(alg, covers.get(ci));
            int n = 0;
            for (int[][] comp : c.components()) {
                n += comp.length * comp[0].length;
            }
            int[] x = new int[n];
            double[] rp = new double[n];
            double[] rm = new double[n];
            int e = 0;
            for (int i = 0; i < c.components().length; i++) {
                for (int r = 0; r < c.components()[i].length; r++) {
                    int cols = c.components()[i][r].length;
                    System.arraycopy(c.components()[i][r], 0, x, e, cols);
                    System.arraycopy(c.costs()[i].rhoPlus()[r], 0, rp, e, cols);
                    System.arraycopy(c.costs()[i].rhoMinus()[r], 0, rm, e, cols);
                    e += cols;
                }
            }
            int m = (int) Math.floor(alg.domain().payload(payload, c.components()).bits() / 8) * 8;
            if (m < 64) {
                continue;
            }
            Random rnd = new Random(ci);
            int[] order2 = permutation(n, rnd);
            int[] order1 = permutation(n, rnd);
            byte[] tie = new byte[n];
            for (int i = 0; i < n; i++) {
                tie[i] = (byte) rnd.nextInt(2);
            }
            byte[] msg = new byte[m];
            for (int i = 0; i < m; i++) {
                msg[i] = (byte) rnd.nextInt(2);
            }
            double lambda = LayeredStc.lambda(order2, rp, rm, m);
            int ours = LayeredStc.layer2Bits(x, rp, rm, order2, m, lambda);
            double sim = MessageHiding.simulatedDistortion(c.costs(), m, true);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-28s m %6d m2 %6d n %7d",
                    covers.get(ci).getFileName(), m, ours, n));
            for (String v : variants) {
                double scale = 1;
                int m2 = ours;
                if (v.startsWith("s")) {
                    scale = Double.parseDouble(v.substring(1));
                } else if (v.equals("even")) {
                    m2 = m / 2;
                } else if (v.startsWith("f")) {
                    m2 = (int) Math.round(ours * Double.parseDouble(v.substring(1)));
                }
                try {
                    int[] y = LayeredStc.embed(x, rp, rm, msg, true, m2, order2, order1, tie, stc, lambda * scale);
                    double d = 0;
                    for (int i = 0; i < n; i++) {
                        int dd = y[i] - x[i];
                        d += dd > 0 ? rp[i] : dd < 0 ? rm[i] : 0;
                    }
                    if (!Arrays.equals(LayeredStc.extract(y, m, true, m2, order2, order1, stc), msg)) {
                        throw new IllegalStateException("extraction failed");
                    }
                    excess.get(v).add(d / sim - 1);
                    line.append(String.format(Locale.ROOT, "  %s %.3f", v, d / sim - 1));
                } catch (SyndromeTrellisCode.NoSolutionException ex) {
                    line.append("  ").append(v).append(" no solution");
                }
            }
            System.out.println(line);
        }
        for (Map.Entry<String, List<Double>> en : excess.entrySet()) {
            double[] v = en.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "%-8s covers %d distortion excess median %.4f mean %.4f%n", en.getKey(),
                    v.length, v.length > 0 ? v[v.length / 2] : Double.NaN, Arrays.stream(v).average().orElse(Double.NaN));
        }
    }

    private static void binary(int height, int n, String profile, int[] inverseRates, int trials) {
        SyndromeTrellisCode stc = new SyndromeTrellisCode(height);
        for (int k : inverseRates) {
            int m = n / k;
            double code = 0;
            double bound = 0;
            double loss = 0;
            for (int t = 0; t < trials; t++) {
                SplittableRandom r = new SplittableRandom(t);
                double[] rho = new double[n];
                byte[] cover = new byte[n];
                for (int i = 0; i < n; i++) {
                    double u = r.nextDouble();
                    rho[i] = switch (profile) {
                        case "linear" -> u;
                        case "square" -> u * u;
                        case "lognormal" -> Math.exp(3 * r.nextGaussian());
                        default -> throw new IllegalArgumentException("profile linear, square or lognormal: " + profile);
                    };
                    cover[i] = (byte) r.nextInt(2);
                }
                byte[] msg = new byte[m];
                for (int i = 0; i < m; i++) {
                    msg[i] = (byte) r.nextInt(2);
                }
                double[][] rows = {rho};
                CostMap[] costs = {new CostMap(rows, rows)};
                double d = stc.embed(cover, rho, msg).distortion();
                code += d;
                bound += MessageHiding.simulatedDistortion(costs, m, false);
                loss += 1 - m / MessageHiding.payloadAtDistortion(costs, d, false);
            }
            System.out.printf(Locale.ROOT, "binary h %d rate 1/%d, %s profile, n %d: distortion excess %.4f, payload loss "
                    + "%.4f (%d trials)%n", height, k, profile, n, code / bound - 1, loss / trials, trials);
        }
    }

    private static int[] permutation(int n, Random r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
