package org.efficientmixnet.stego.features;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.efficientmixnet.io.FileFormatException;
import org.efficientmixnet.stego.dataset.GrayImages;

/**
 * The engine behind {@link Srm} and {@link Srmq1}: the spatial rich model of Fridrich and Kodovsky ("Rich models for
 * steganalysis of digital images", IEEE TIFS 7(3), 2012) as the DDE Lab's {@code SRM.m} computes it.
 *
 * <p>For each residual family (1st, 2nd and 3rd order, the 3×3 and 5×5 SQUARE/EDGE kernels) and quantization step
 * q, the residuals of the image (cropped by 1 or 2 pixels) are divided by c·q (c the central coefficient: 1, 2, 3,
 * 4, 12), rounded half away from zero and truncated to [−2, 2]; single residuals (spam) and their elementwise
 * minima and maxima (minmax) are counted in 4-D co-occurrences of four neighbours along rows ("hor") and columns
 * ("ver"), each scan normalized to sum 1 over the arrays it covers, and two scans added (double precision, then
 * rounded to single precision as the MATLAB code stores them). Spam co-occurrences are marginalized by sign and
 * direction (625 → 169 bins), minmax pairs by min/max sign symmetry and direction (2 × 625 → 325); the h and v spam
 * halves are concatenated, and the 3×3 and 5×5 spam11 form one submodel {@code s35_spam11}. The symmetrizations add
 * in single precision in the order of the MATLAB code, so the features equal the reference's to the last bit.
 *
 * <p>Memory: about 45 bytes per pixel while one image is processed (the quantized residual planes of one family
 * and step, one byte each); nothing is allocated per pixel.
 */
final class SpatialRichModel {
    /** Smallest width and height accepted: every co-occurrence then counts at least one quadruple. */
    static final int MIN_SIZE = 8;
    private static final int BINS = 625;
    private static final int CENTER = 312;
    private static final int[] REVERSE = new int[BINS];

    static {
        for (int p = 0; p < BINS; p++) {
            REVERSE[p] = (p % 5) * 125 + (p / 5 % 5) * 25 + (p / 25 % 5) * 5 + p / 125;
        }
    }

    /** The residual families, as {@code SRM.m} names them (s1, s2, s3, s3x3, s5x5). */
    enum Family {
        FIRST("1", 1, 1, List.of("minmax22h", "minmax34h", "minmax22v", "minmax24", "minmax34v", "minmax41",
                "minmax34", "minmax48h", "minmax48v", "minmax54", "spam14hv")),
        SECOND("2", 2, 1, List.of("minmax21", "minmax41", "minmax32", "minmax24h", "minmax24v", "spam12hv")),
        THIRD("3", 3, 2, FIRST.submodels),
        EDGE3X3("3x3", 4, 1, List.of("minmax24", "minmax22h", "minmax22v", "minmax41", "spam14hv")),
        EDGE5X5("5x5", 12, 2, List.of("minmax24", "minmax22h", "minmax22v", "minmax41", "spam11", "spam14hv"));

        final String tag;
        final int central;
        final int crop;
        /** The submodels of one step in SRM.m's struct order; {@code spam11} of 5x5 is s35_spam11 (3×3 + 5×5). */
        final List<String> submodels;

        Family(String tag, int central, int crop, List<String> submodels) {
            this.tag = tag;
            this.central = central;
            this.crop = crop;
            this.submodels = submodels;
        }
    }

    /** One call of a family with step q = halfSteps / 2 (2: q = 1, 3: q = 1.5, 4: q = 2). */
    record Step(Family family, int halfSteps) {
        String qName() {
            return switch (halfSteps) {
                case 2 -> "q1";
                case 3 -> "q15";
                case 4 -> "q2";
                default -> throw new IllegalStateException("q = " + halfSteps / 2.0);
            };
        }

        String name(String submodel) {
            return (submodel.equals("spam11") ? "s35" : "s" + family.tag) + "_" + submodel + "_" + qName();
        }
    }

    /** A feature set: its steps in SRM.m's call order, and the submodels they make, in order, with offsets. */
    static final class Layout {
        final List<Step> steps;
        final List<Srm.Submodel> submodels;
        final Map<String, Srm.Submodel> byName = new HashMap<>();
        final int dimension;
        final String id;

        Layout(String id, List<Step> steps) {
            this.id = id;
            this.steps = List.copyOf(steps);
            List<Srm.Submodel> list = new ArrayList<>();
            int offset = 0;
            for (Step s : steps) {
                for (String n : s.family.submodels) {
                    int dim = n.startsWith("minmax") ? 325 : 338;
                    Srm.Submodel m = new Srm.Submodel(s.name(n), offset, dim);
                    list.add(m);
                    byName.put(m.name(), m);
                    offset += dim;
                }
            }
            this.submodels = Collections.unmodifiableList(list);
            this.dimension = offset;
        }

        List<String> names() {
            return submodels.stream().map(Srm.Submodel::name).toList();
        }
    }

    static Layout layout(String id, int[] firstOrderHalfSteps, int[] otherHalfSteps) {
        List<Step> steps = new ArrayList<>();
        for (int q : firstOrderHalfSteps) {
            steps.add(new Step(Family.FIRST, q));
        }
        for (Family f : List.of(Family.SECOND, Family.THIRD, Family.EDGE3X3, Family.EDGE5X5)) {
            for (int q : otherHalfSteps) {
                steps.add(new Step(f, q));
            }
        }
        return new Layout(id, steps);
    }

    private SpatialRichModel() {
    }

    /** The features of an 8-bit grayscale image file (colour, alpha, 16-bit and images below 8×8 refused). */
    static double[] extract(Path file, Layout layout) throws IOException {
        int[][] px = GrayImages.readGrayscale(file);
        if (px.length < MIN_SIZE || px[0].length < MIN_SIZE) {
            throw new FileFormatException(file, px[0].length + "×" + px.length + " pixels; " + layout.id
                    + " needs at least " + MIN_SIZE + "×" + MIN_SIZE);
        }
        return extract(px, layout);
    }

    /** The features of {@code pixels[row][column]} (values 0–255, at least 8×8). */
    static double[] extract(int[][] pixels, Layout layout) {
        int h = pixels.length;
        int w = h == 0 ? 0 : pixels[0].length;
        if (h < MIN_SIZE || w < MIN_SIZE) {
            throw new IllegalArgumentException(w + "×" + h + " pixels; " + layout.id + " needs at least "
                    + MIN_SIZE + "×" + MIN_SIZE);
        }
        if ((long) h * w > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(w + "×" + h + " pixels; " + layout.id + " takes at most "
                    + (Integer.MAX_VALUE - 16) + " pixels");
        }
        int[] x = new int[h * w];
        for (int i = 0; i < h; i++) {
            int[] row = pixels[i];
            if (row.length != w) {
                throw new IllegalArgumentException("row " + i + " has " + row.length + " pixels, row 0 has " + w);
            }
            for (int j = 0; j < w; j++) {
                int v = row[j];
                if (v < 0 || v > 255) {
                    throw new IllegalArgumentException("pixel (" + i + ", " + j + ") = " + v + " is not in 0–255");
                }
                x[i * w + j] = v;
            }
        }
        Work work = new Work(x, h, w);
        double[] f = new double[layout.dimension];
        Map<Integer, float[]> kb = new HashMap<>();
        for (Step s : layout.steps) {
            Map<String, float[]> sub = work.compute(s.family, s.family.central * s.halfSteps);
            for (Map.Entry<String, float[]> e : sub.entrySet()) {
                float[] v = e.getValue();
                if (e.getKey().equals("spam11")) {
                    if (s.family == Family.EDGE3X3) {
                        kb.put(s.halfSteps, v);
                        continue;
                    }
                    float[] k3 = kb.remove(s.halfSteps);
                    float[] both = Arrays.copyOf(k3, 338);
                    System.arraycopy(v, 0, both, 169, 169);
                    v = both;
                }
                Srm.Submodel m = layout.byName.get(s.name(e.getKey()));
                if (m == null || m.dimension() != v.length) {
                    throw new IllegalStateException(s.name(e.getKey()));
                }
                for (int k = 0; k < v.length; k++) {
                    f[m.offset() + k] = v[k];
                }
            }
        }
        return f;
    }

    /** Marginalization of a min and a max co-occurrence (625 bins each) into 325 bins (SRM.m's symm_dir). */
    static float[] symmetrizeMinmax(float[] min, float[] max) {
        float[] a = new float[BINS];
        for (int p = 0; p < BINS; p++) {
            a[p] = min[p] + max[BINS - 1 - p];
        }
        float[] out = new float[325];
        boolean[] done = new boolean[BINS];
        int m = 0;
        for (int p = 0; p < BINS; p++) {
            int r = REVERSE[p];
            if (r != p) {
                if (!done[p]) {
                    out[m++] = a[p] + a[r];
                    done[p] = true;
                    done[r] = true;
                }
            } else {
                out[m++] = a[p];
                done[p] = true;
            }
        }
        return out;
    }

    /** Marginalization of a spam co-occurrence (625 bins) by sign and direction into 169 bins (SRM.m's symm). */
    static float[] symmetrizeSpam(float[] a) {
        float[] out = new float[169];
        boolean[] done = new boolean[BINS];
        out[0] = a[CENTER];
        int m = 1;
        for (int p = 0; p < BINS; p++) {
            if (done[p] || p == CENTER) {
                continue;
            }
            int n = BINS - 1 - p;
            float s = a[p] + a[n];
            done[p] = true;
            done[n] = true;
            int r = REVERSE[p];
            if (r != p && !done[r]) {
                s = s + a[r];
                s = s + a[BINS - 1 - r];
                done[r] = true;
                done[BINS - 1 - r] = true;
            }
            out[m++] = s;
        }
        return out;
    }

    /** Residual planes, their quantized values (0–4 for −2…2) and co-occurrence counts of one image. */
    private static final class Work {
        private static final int[][] R1 = first(0, 1), L1 = first(0, -1), U1 = first(-1, 0), D1 = first(1, 0);
        private static final int[][] RU1 = first(-1, 1), LU1 = first(-1, -1), RD1 = first(1, 1), LD1 = first(1, -1);
        private static final int[][] R3 = third(0, 1), L3 = third(0, -1), U3 = third(-1, 0), D3 = third(1, 0);
        private static final int[][] RU3 = third(-1, 1), LU3 = third(-1, -1), RD3 = third(1, 1), LD3 = third(1, -1);
        private static final int[][] H2 = second(0, 1), V2 = second(1, 0), DIAG2 = second(1, 1), MDIAG2 = second(-1, 1);
        private static final int[][] KB = {{-1, -1, -1}, {2, -1, 0}, {-1, -1, 1}, {2, 0, -1}, {-4, 0, 0}, {2, 0, 1},
            {-1, 1, -1}, {2, 1, 0}, {-1, 1, 1}};
        private static final int[][] EDGE3_U = {{2, -1, 0}, {2, 0, -1}, {2, 0, 1}, {-1, -1, -1}, {-1, -1, 1}, {-4, 0, 0}};
        private static final int[][] EDGE3_B = {{2, 1, 0}, {2, 0, -1}, {2, 0, 1}, {-1, 1, -1}, {-1, 1, 1}, {-4, 0, 0}};
        private static final int[][] EDGE3_L = {{2, 0, -1}, {2, -1, 0}, {2, 1, 0}, {-1, -1, -1}, {-1, 1, -1}, {-4, 0, 0}};
        private static final int[][] EDGE3_R = {{2, 0, 1}, {2, -1, 0}, {2, 1, 0}, {-1, -1, 1}, {-1, 1, 1}, {-4, 0, 0}};
        private static final int[][] KV = {{8, -1, 0}, {8, 1, 0}, {8, 0, -1}, {8, 0, 1}, {-6, -1, 1}, {-6, -1, -1},
            {-6, 1, -1}, {-6, 1, 1}, {-2, -2, 0}, {-2, 2, 0}, {-2, 0, 2}, {-2, 0, -2}, {2, -1, -2}, {2, -2, -1},
            {2, -2, 1}, {2, -1, 2}, {2, 1, 2}, {2, 2, 1}, {2, 2, -1}, {2, 1, -2}, {-1, -2, -2}, {-1, -2, 2},
            {-1, 2, -2}, {-1, 2, 2}, {-12, 0, 0}};
        private static final int[][] EDGE5_U = {{8, 0, -1}, {8, -1, 0}, {8, 0, 1}, {-6, -1, -1}, {-6, -1, 1},
            {-2, 0, -2}, {-2, 0, 2}, {-2, -2, 0}, {2, -1, -2}, {2, -2, -1}, {2, -2, 1}, {2, -1, 2}, {-1, -2, -2},
            {-1, -2, 2}, {-12, 0, 0}};
        private static final int[][] EDGE5_R = {{8, -1, 0}, {8, 0, 1}, {8, 1, 0}, {-6, -1, 1}, {-6, 1, 1},
            {-2, -2, 0}, {-2, 2, 0}, {-2, 0, 2}, {2, -2, 1}, {2, -1, 2}, {2, 1, 2}, {2, 2, 1}, {-1, -2, 2},
            {-1, 2, 2}, {-12, 0, 0}};
        private static final int[][] EDGE5_B = {{8, 0, 1}, {8, 1, 0}, {8, 0, -1}, {-6, 1, 1}, {-6, 1, -1},
            {-2, 0, -2}, {-2, 0, 2}, {-2, 2, 0}, {2, 1, 2}, {2, 2, 1}, {2, 2, -1}, {2, 1, -2}, {-1, 2, 2},
            {-1, 2, -2}, {-12, 0, 0}};
        private static final int[][] EDGE5_L = {{8, 1, 0}, {8, 0, -1}, {8, -1, 0}, {-6, 1, -1}, {-6, -1, -1},
            {-2, -2, 0}, {-2, 2, 0}, {-2, 0, -2}, {2, 2, -1}, {2, 1, -2}, {2, -1, -2}, {2, -2, -1}, {-1, 2, -2},
            {-1, -2, -2}, {-12, 0, 0}};

        private final int[] x;
        private final int h;
        private final int w;
        private final int[] residual;
        private final List<byte[]> pool = new ArrayList<>();
        private int used;
        private int hh;
        private int ww;
        private int n;
        private final Map<byte[], int[]> horizontal = new IdentityHashMap<>();
        private final Map<byte[], int[]> vertical = new IdentityHashMap<>();

        Work(int[] x, int h, int w) {
            this.x = x;
            this.h = h;
            this.w = w;
            this.residual = new int[(h - 2) * (w - 2)];
        }

        /** X(d) − X(0). */
        private static int[][] first(int dy, int dx) {
            return new int[][] {{1, dy, dx}, {-1, 0, 0}};
        }

        /** X(−d) − 2·X(0) + X(d). */
        private static int[][] second(int dy, int dx) {
            return new int[][] {{1, -dy, -dx}, {-2, 0, 0}, {1, dy, dx}};
        }

        /** −X(2d) + 3·X(d) − 3·X(0) + X(−d). */
        private static int[][] third(int dy, int dx) {
            return new int[][] {{-1, 2 * dy, 2 * dx}, {3, dy, dx}, {-3, 0, 0}, {1, -dy, -dx}};
        }

        /** The submodels of one family at quantization step cq / 2, symmetrized, by short name. */
        Map<String, float[]> compute(Family f, int cq) {
            hh = h - 2 * f.crop;
            ww = w - 2 * f.crop;
            n = hh * ww;
            release(0);
            Map<String, float[]> spam = new LinkedHashMap<>();
            Map<String, float[]> min;
            Map<String, float[]> max;
            switch (f) {
                case FIRST, THIRD -> {
                    boolean one = f == Family.FIRST;
                    byte[] r = quantized(one ? R1 : R3, f.crop, cq);
                    byte[] l = quantized(one ? L1 : L3, f.crop, cq);
                    byte[] u = quantized(one ? U1 : U3, f.crop, cq);
                    byte[] d = quantized(one ? D1 : D3, f.crop, cq);
                    byte[] ru = quantized(one ? RU1 : RU3, f.crop, cq);
                    byte[] lu = quantized(one ? LU1 : LU3, f.crop, cq);
                    byte[] rd = quantized(one ? RD1 : RD3, f.crop, cq);
                    byte[] ld = quantized(one ? LD1 : LD3, f.crop, cq);
                    spam.put("spam14h", hv(a(r), a(u)));
                    spam.put("spam14v", hv(a(u), a(r)));
                    int mark = used;
                    min = oddOrder(false, r, l, u, d, ru, lu, rd, ld);
                    release(mark);
                    max = oddOrder(true, r, l, u, d, ru, lu, rd, ld);
                }
                case SECOND -> {
                    byte[] yh = quantized(H2, 1, cq);
                    byte[] yv = quantized(V2, 1, cq);
                    byte[] yd = quantized(DIAG2, 1, cq);
                    byte[] ym = quantized(MDIAG2, 1, cq);
                    spam.put("spam12h", hv(a(yh), a(yv)));
                    spam.put("spam12v", hv(a(yv), a(yh)));
                    int mark = used;
                    min = secondOrder(false, yh, yv, yd, ym);
                    release(mark);
                    max = secondOrder(true, yh, yv, yd, ym);
                }
                default -> {
                    boolean three = f == Family.EDGE3X3;
                    byte[] y = quantized(three ? KB : KV, f.crop, cq);
                    byte[] yu = quantized(three ? EDGE3_U : EDGE5_U, f.crop, cq);
                    byte[] yb = quantized(three ? EDGE3_B : EDGE5_B, f.crop, cq);
                    byte[] yl = quantized(three ? EDGE3_L : EDGE5_L, f.crop, cq);
                    byte[] yr = quantized(three ? EDGE3_R : EDGE5_R, f.crop, cq);
                    spam.put("spam11", hv(a(y), a(y)));
                    spam.put("spam14h", hv(a(yu, yb), a(yl, yr)));
                    spam.put("spam14v", hv(a(yl, yr), a(yu, yb)));
                    int mark = used;
                    min = edges(false, yu, yb, yl, yr);
                    release(mark);
                    max = edges(true, yu, yb, yl, yr);
                }
            }
            Map<String, float[]> out = new LinkedHashMap<>();
            for (Map.Entry<String, float[]> e : min.entrySet()) {
                out.put("minmax" + e.getKey(), symmetrizeMinmax(e.getValue(), max.get(e.getKey())));
            }
            for (Map.Entry<String, float[]> e : spam.entrySet()) {
                String k = e.getKey();
                if (k.equals("spam11")) {
                    out.put(k, symmetrizeSpam(e.getValue()));
                } else if (k.endsWith("h")) {
                    float[] hv = Arrays.copyOf(symmetrizeSpam(e.getValue()), 338);
                    System.arraycopy(symmetrizeSpam(spam.get(k.substring(0, k.length() - 1) + "v")), 0, hv, 169, 169);
                    out.put(k + "v", hv);
                }
            }
            return out;
        }

        /**
         * The min (or max) co-occurrences of a 1st- or 3rd-order family. all1st.m and all3rd.m build the 54
         * submodel's planes through different chains of minima that end in the same sets of five residuals
         * ({R, U, RU, LU, RD} and its rotations), so one chain serves both.
         */
        private Map<String, float[]> oddOrder(boolean mx, byte[] r, byte[] l, byte[] u, byte[] d, byte[] ru,
                byte[] lu, byte[] rd, byte[] ld) {
            Map<String, float[]> g = new LinkedHashMap<>();
            byte[] rl = op(mx, r, l);
            byte[] ud = op(mx, u, d);
            g.put("22h", hv(a(rl), a(ud)));
            g.put("22v", hv(a(ud), a(rl)));
            byte[] uo = op(mx, l, u, r);
            byte[] ro = op(mx, u, r, d);
            byte[] dob = op(mx, r, d, l);
            byte[] lo = op(mx, d, l, u);
            g.put("34h", hv(a(uo, dob), a(lo, ro)));
            g.put("34v", hv(a(ro, lo), a(uo, dob)));
            byte[] ruo = op(mx, r, u);
            byte[] rdo = op(mx, r, d);
            byte[] luo = op(mx, l, u);
            byte[] ldo = op(mx, l, d);
            g.put("24", hv(a(ruo, rdo, luo, ldo), a(ruo, rdo, luo, ldo)));
            byte[] all4 = op(mx, rl, ud);
            g.put("41", hv(a(all4), a(all4)));
            byte[] ru2 = op(mx, ruo, ru);
            byte[] rd2 = op(mx, rdo, rd);
            byte[] lu2 = op(mx, luo, lu);
            byte[] ld2 = op(mx, ldo, ld);
            g.put("34", hv(a(ru2, rd2, lu2, ld2), a(ru2, rd2, lu2, ld2)));
            byte[] rua = op(mx, ru2, lu);
            byte[] rda = op(mx, rd2, ru);
            byte[] lda = op(mx, ld2, rd);
            byte[] lua = op(mx, lu2, ld);
            byte[] rub = op(mx, ru2, rd);
            byte[] rdb = op(mx, rd2, ld);
            byte[] ldb = op(mx, ld2, lu);
            byte[] lub = op(mx, lu2, ru);
            g.put("48h", hv(a(rua, lda, rdb, lub), a(rda, lua, rub, ldb)));
            g.put("48v", hv(a(rda, lua, rub, ldb), a(rua, lda, rdb, lub)));
            byte[] ruc = op(mx, rua, rd);
            byte[] rdc = op(mx, rda, ld);
            byte[] ldc = op(mx, lda, lu);
            byte[] luc = op(mx, lua, ru);
            g.put("54", hv(a(ruc, ldc, rdc, luc), a(rdc, luc, ruc, ldc)));
            return g;
        }

        private Map<String, float[]> secondOrder(boolean mx, byte[] yh, byte[] yv, byte[] yd, byte[] ym) {
            Map<String, float[]> g = new LinkedHashMap<>();
            byte[] hvm = op(mx, yh, yv);
            g.put("21", hv(a(hvm), a(hvm)));
            byte[] all4 = op(mx, hvm, yd, ym);
            g.put("41", hv(a(all4), a(all4)));
            byte[] ru = op(mx, hvm, ym);
            byte[] rd = op(mx, hvm, yd);
            g.put("32", hv(a(ru, rd), a(ru, rd)));
            byte[] ru2 = op(mx, ym, yh);
            byte[] rd2 = op(mx, yd, yh);
            byte[] ru3 = op(mx, ym, yv);
            byte[] lu3 = op(mx, yd, yv);
            g.put("24h", hv(a(ru2, rd2), a(ru3, lu3)));
            g.put("24v", hv(a(ru3, lu3), a(ru2, rd2)));
            return g;
        }

        private Map<String, float[]> edges(boolean mx, byte[] yu, byte[] yb, byte[] yl, byte[] yr) {
            Map<String, float[]> g = new LinkedHashMap<>();
            byte[] d1 = op(mx, yu, yl);
            byte[] d2 = op(mx, yb, yr);
            byte[] d3 = op(mx, yu, yr);
            byte[] d4 = op(mx, yb, yl);
            g.put("24", hv(a(d1, d2, d3, d4), a(d1, d2, d3, d4)));
            byte[] ue = op(mx, yu, yb);
            byte[] re = op(mx, yr, yl);
            g.put("22h", hv(a(ue), a(re)));
            g.put("22v", hv(a(re), a(ue)));
            byte[] d5 = op(mx, d1, d2);
            g.put("41", hv(a(d5), a(d5)));
            return g;
        }

        private static byte[][] a(byte[]... planes) {
            return planes;
        }

        private byte[] take() {
            if (used == pool.size()) {
                pool.add(new byte[residual.length]);
            }
            return pool.get(used++);
        }

        /** Frees the planes taken after the first {@code mark} (their cached counts are dropped). */
        private void release(int mark) {
            used = mark;
            horizontal.clear();
            vertical.clear();
        }

        /** The residual of {@code taps} ({coefficient, row offset, column offset}) quantized with step cq / 2. */
        private byte[] quantized(int[][] taps, int crop, int cq) {
            int[] res = residual;
            Arrays.fill(res, 0, n, 0);
            for (int[] t : taps) {
                int c = t[0];
                for (int i = 0; i < hh; i++) {
                    int src = (i + crop + t[1]) * w + crop + t[2];
                    int dst = i * ww;
                    for (int j = 0; j < ww; j++) {
                        res[dst + j] += c * x[src + j];
                    }
                }
            }
            // round(r / (cq/2)) half away from zero, truncated to ±2: |·| ≥ 1 iff 4|r| ≥ cq, ≥ 2 iff 4|r| ≥ 3cq
            byte[] q = take();
            int t1 = cq;
            int t2 = 3 * cq;
            for (int i = 0; i < n; i++) {
                int v = res[i];
                int a4 = 4 * Math.abs(v);
                int s = (((a4 - t1) >>> 31) ^ 1) + (((a4 - t2) >>> 31) ^ 1);
                int sign = v >> 31;
                q[i] = (byte) (2 + ((s ^ sign) - sign));
            }
            return q;
        }

        /** The elementwise minimum (or maximum) of quantized planes. */
        private byte[] op(boolean max, byte[]... planes) {
            byte[] o = take();
            System.arraycopy(planes[0], 0, o, 0, n);
            for (int k = 1; k < planes.length; k++) {
                byte[] p = planes[k];
                if (max) {
                    for (int i = 0; i < n; i++) {
                        o[i] = (byte) Math.max(o[i], p[i]);
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        o[i] = (byte) Math.min(o[i], p[i]);
                    }
                }
            }
            return o;
        }

        /**
         * Horizontal scan over {@code hs} plus vertical scan over {@code vs}, each normalized by its number of
         * quadruples, added in double precision and rounded to single precision.
         */
        private float[] hv(byte[][] hs, byte[][] vs) {
            long[] ch = new long[BINS];
            long[] cv = new long[BINS];
            for (byte[] p : hs) {
                int[] c = horizontal.computeIfAbsent(p, this::scanRows);
                for (int k = 0; k < BINS; k++) {
                    ch[k] += c[k];
                }
            }
            for (byte[] p : vs) {
                int[] c = vertical.computeIfAbsent(p, this::scanColumns);
                for (int k = 0; k < BINS; k++) {
                    cv[k] += c[k];
                }
            }
            long th = (long) hs.length * hh * Math.max(0, ww - 3);
            long tv = (long) vs.length * Math.max(0, hh - 3) * ww;
            float[] f = new float[BINS];
            for (int k = 0; k < BINS; k++) {
                double a = th == 0 ? 0 : (double) ch[k] / th;
                double b = tv == 0 ? 0 : (double) cv[k] / tv;
                f[k] = (float) (a + b);
            }
            return f;
        }

        /*
         * Four interleaved count tables: quantized residuals are mostly 0, so consecutive quadruples often fall in
         * the same bin, and one table would serialize on that bin's increments.
         */
        private int[] scanRows(byte[] p) {
            int[] c = new int[4 * BINS];
            for (int i = 0; i < hh; i++) {
                int o = i * ww;
                int end = o + ww - 3;
                int j = o;
                for (; j + 3 < end; j += 4) {
                    int a0 = p[j];
                    int a1 = p[j + 1];
                    int a2 = p[j + 2];
                    int a3 = p[j + 3];
                    int a4 = p[j + 4];
                    int a5 = p[j + 5];
                    int a6 = p[j + 6];
                    c[a0 * 125 + a1 * 25 + a2 * 5 + a3]++;
                    c[BINS + a1 * 125 + a2 * 25 + a3 * 5 + a4]++;
                    c[2 * BINS + a2 * 125 + a3 * 25 + a4 * 5 + a5]++;
                    c[3 * BINS + a3 * 125 + a4 * 25 + a5 * 5 + a6]++;
                }
                for (; j < end; j++) {
                    c[p[j] * 125 + p[j + 1] * 25 + p[j + 2] * 5 + p[j + 3]]++;
                }
            }
            return fold(c);
        }

        private int[] scanColumns(byte[] p) {
            int[] c = new int[4 * BINS];
            for (int i = 0; i + 3 < hh; i++) {
                int o0 = i * ww;
                int o1 = o0 + ww;
                int o2 = o1 + ww;
                int o3 = o2 + ww;
                int j = 0;
                for (; j + 3 < ww; j += 4) {
                    c[p[o0 + j] * 125 + p[o1 + j] * 25 + p[o2 + j] * 5 + p[o3 + j]]++;
                    c[BINS + p[o0 + j + 1] * 125 + p[o1 + j + 1] * 25 + p[o2 + j + 1] * 5 + p[o3 + j + 1]]++;
                    c[2 * BINS + p[o0 + j + 2] * 125 + p[o1 + j + 2] * 25 + p[o2 + j + 2] * 5 + p[o3 + j + 2]]++;
                    c[3 * BINS + p[o0 + j + 3] * 125 + p[o1 + j + 3] * 25 + p[o2 + j + 3] * 5 + p[o3 + j + 3]]++;
                }
                for (; j < ww; j++) {
                    c[p[o0 + j] * 125 + p[o1 + j] * 25 + p[o2 + j] * 5 + p[o3 + j]]++;
                }
            }
            return fold(c);
        }

        private static int[] fold(int[] c) {
            int[] f = new int[BINS];
            for (int k = 0; k < BINS; k++) {
                f[k] = c[k] + c[BINS + k] + c[2 * BINS + k] + c[3 * BINS + k];
            }
            return f;
        }
    }
}
