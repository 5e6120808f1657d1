package org.efficientmixnet.stego.jpeg;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Writes coefficients as a sequential Huffman JPEG with Huffman tables optimized for them (ITU T.81 Annex K.2):
 * the original quantization tables and sampling, no restart markers; one interleaved scan, or one scan per
 * component where an MCU would hold more than the 10 blocks the standard allows.
 */
final class JpegEncoder {
    private JpegEncoder() {
    }

    static byte[] encode(JpegCoefficients j, boolean keepMetadata) {
        List<JpegComponent> comps = j.components();
        int n = comps.size();
        int[] table = new int[n];
        for (int i = 0; i < n; i++) {
            table[i] = i == 0 ? 0 : 1;
        }
        int[][] scans = scans(comps);
        // statistics pass
        long[][] dcFreq = new long[2][257];
        long[][] acFreq = new long[2][257];
        for (int[] scan : scans) {
            walk(j, scan, (c, o, pred) -> count(comps.get(c), o, pred, dcFreq[table[c]], acFreq[table[c]]));
        }
        int tables = n == 1 ? 1 : 2;
        Code[] dc = new Code[tables];
        Code[] ac = new Code[tables];
        for (int t = 0; t < tables; t++) {
            dc[t] = Code.optimal(dcFreq[t]);
            ac[t] = Code.optimal(acFreq[t]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        marker(out, 0xD8);
        if (keepMetadata && !j.metadata().isEmpty()) {
            for (JpegCoefficients.Segment s : j.metadata()) {
                segment(out, s.marker(), s.data());
            }
        } else if (j.rgbCoded()) {
            // colour information, not metadata: a JFIF header would make decoders read R, G, B as Y, Cb, Cr
            segment(out, 0xEE, new byte[] {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0});
        } else {
            segment(out, 0xE0, new byte[] {'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0});
        }
        boolean wide = false;
        int[][] q = j.quantTablesRaw();
        for (int t = 0; t < 4; t++) {
            if (q[t] == null) {
                continue;
            }
            boolean sixteen = Arrays.stream(q[t]).anyMatch(v -> v > 255);
            wide |= sixteen;
            ByteArrayOutputStream s = new ByteArrayOutputStream();
            s.write((sixteen ? 0x10 : 0) | t);
            for (int i = 0; i < 64; i++) {
                int v = q[t][JpegCoefficients.ZIGZAG[i]];
                if (sixteen) {
                    s.write(v >> 8);
                }
                s.write(v & 0xff);
            }
            segment(out, 0xDB, s.toByteArray());
        }
        ByteArrayOutputStream sof = new ByteArrayOutputStream();
        sof.write(8);
        sof.write(j.height() >> 8);
        sof.write(j.height() & 0xff);
        sof.write(j.width() >> 8);
        sof.write(j.width() & 0xff);
        sof.write(n);
        for (JpegComponent c : comps) {
            sof.write(c.id());
            sof.write((c.h() << 4) | c.v());
            sof.write(c.quantTable());
        }
        segment(out, wide ? 0xC1 : 0xC0, sof.toByteArray());
        for (int t = 0; t < tables; t++) {
            segment(out, 0xC4, dc[t].segment(t));
            segment(out, 0xC4, ac[t].segment(0x10 | t));
        }
        for (int[] scan : scans) {
            ByteArrayOutputStream sos = new ByteArrayOutputStream();
            sos.write(scan.length);
            for (int i : scan) {
                sos.write(comps.get(i).id());
                sos.write((table[i] << 4) | table[i]);
            }
            sos.write(0);
            sos.write(63);
            sos.write(0);
            segment(out, 0xDA, sos.toByteArray());
            BitWriter bw = new BitWriter(out);
            walk(j, scan, (c, o, pred) -> emit(comps.get(c).coef, o, pred, dc[table[c]], ac[table[c]], bw));
            bw.flush();
        }
        marker(out, 0xD9);
        return out.toByteArray();
    }

    interface BlockVisitor {
        void visit(int component, int offset, int[] pred);
    }

    /** Component indices of each scan: all in one, unless an MCU would exceed 10 blocks (T.81 B.2.3). */
    static int[][] scans(List<JpegComponent> comps) {
        int blocks = comps.stream().mapToInt(c -> c.h() * c.v()).sum();
        if (comps.size() > 1 && blocks <= 10) {
            return new int[][] {java.util.stream.IntStream.range(0, comps.size()).toArray()};
        }
        int[][] scans = new int[comps.size()][];
        for (int i = 0; i < scans.length; i++) {
            scans[i] = new int[] {i};
        }
        return scans;
    }

    /**
     * Every block of one scan in coding order, with the component's DC predictor in {@code pred[0]} (the
     * visitor replaces it by the block's DC). A single-component scan covers the visible blocks; an
     * interleaved one whole MCUs, padding blocks included.
     */
    private static void walk(JpegCoefficients j, int[] scan, BlockVisitor v) {
        List<JpegComponent> comps = j.components();
        int[] pred = new int[scan.length];
        int[] slot = new int[1];
        if (scan.length == 1) {
            JpegComponent c = comps.get(scan[0]);
            for (int r = 0; r < c.heightInBlocks(); r++) {
                for (int col = 0; col < c.widthInBlocks(); col++) {
                    slot[0] = pred[0];
                    v.visit(scan[0], c.offset(r, col), slot);
                    pred[0] = slot[0];
                }
            }
            return;
        }
        int mcusX = JpegDecoder.ceilDiv(j.width(), 8 * j.maxH());
        int mcusY = JpegDecoder.ceilDiv(j.height(), 8 * j.maxV());
        for (int my = 0; my < mcusY; my++) {
            for (int mx = 0; mx < mcusX; mx++) {
                for (int si = 0; si < scan.length; si++) {
                    JpegComponent c = comps.get(scan[si]);
                    for (int by = 0; by < c.v(); by++) {
                        for (int bx = 0; bx < c.h(); bx++) {
                            slot[0] = pred[si];
                            v.visit(scan[si], c.offset(my * c.v() + by, mx * c.h() + bx), slot);
                            pred[si] = slot[0];
                        }
                    }
                }
            }
        }
    }

    static int category(int v) {
        int a = Math.abs(v);
        int s = 0;
        while (a > 0) {
            s++;
            a >>= 1;
        }
        return s;
    }

    /** Where a block is, for error messages: component id and block (row, column). */
    private static String where(JpegComponent c, int o) {
        int b = o / 64;
        return "component " + c.id() + ", block (" + b / c.allocWidth() + ", " + b % c.allocWidth() + ")";
    }

    private static void count(JpegComponent comp, int o, int[] pred, long[] dcFreq, long[] acFreq) {
        int[] coef = comp.coef;
        int dc = coef[o];
        int diff = dc - pred[0];
        pred[0] = dc;
        int s = category(diff);
        if (s > 11) {
            throw new IllegalArgumentException("DC coefficient " + dc + " in " + where(comp, o) + " differs by " + diff
                    + " from the previous block's, more than an 8-bit JPEG can code (±2047)");
        }
        dcFreq[s]++;
        int run = 0;
        for (int k = 1; k < 64; k++) {
            int v = coef[o + JpegCoefficients.ZIGZAG[k]];
            if (v == 0) {
                run++;
                continue;
            }
            if (v < -1023 || v > 1023) {
                throw new IllegalArgumentException("AC coefficient " + v + " at natural index " + JpegCoefficients.ZIGZAG[k]
                        + " of " + where(comp, o) + " is out of range (±1023) for an 8-bit JPEG");
            }
            while (run > 15) {
                acFreq[0xF0]++;
                run -= 16;
            }
            acFreq[(run << 4) | category(v)]++;
            run = 0;
        }
        if (run > 0) {
            acFreq[0]++;
        }
    }

    private static void emit(int[] coef, int o, int[] pred, Code dc, Code ac, BitWriter bw) {
        int value = coef[o];
        int diff = value - pred[0];
        pred[0] = value;
        int s = category(diff);
        bw.write(dc.code[s], dc.size[s]);
        if (s > 0) {
            bw.write(diff < 0 ? diff - 1 : diff, s);
        }
        int run = 0;
        for (int k = 1; k < 64; k++) {
            int v = coef[o + JpegCoefficients.ZIGZAG[k]];
            if (v == 0) {
                run++;
                continue;
            }
            while (run > 15) {
                bw.write(ac.code[0xF0], ac.size[0xF0]);
                run -= 16;
            }
            int cs = category(v);
            int sym = (run << 4) | cs;
            bw.write(ac.code[sym], ac.size[sym]);
            bw.write(v < 0 ? v - 1 : v, cs);
            run = 0;
        }
        if (run > 0) {
            bw.write(ac.code[0], ac.size[0]);
        }
    }

    private static void marker(ByteArrayOutputStream out, int m) {
        out.write(0xFF);
        out.write(m);
    }

    private static void segment(ByteArrayOutputStream out, int m, byte[] data) {
        marker(out, m);
        int len = data.length + 2;
        out.write(len >> 8);
        out.write(len & 0xff);
        out.write(data, 0, data.length);
    }

    /** A Huffman code built from symbol frequencies with code lengths limited to 16 (T.81 K.2). */
    static final class Code {
        final int[] code = new int[256];
        final int[] size = new int[256];
        final int[] bits = new int[17];
        int[] values;

        static Code optimal(long[] freqIn) {
            long[] freq = freqIn.clone();
            freq[256] = 1; // reserve one code point so that no code is all ones
            int[] codesize = new int[257];
            int[] others = new int[257];
            Arrays.fill(others, -1);
            while (true) {
                int c1 = -1;
                long v = Long.MAX_VALUE;
                for (int i = 0; i <= 256; i++) {
                    if (freq[i] != 0 && freq[i] <= v) {
                        v = freq[i];
                        c1 = i;
                    }
                }
                int c2 = -1;
                v = Long.MAX_VALUE;
                for (int i = 0; i <= 256; i++) {
                    if (freq[i] != 0 && freq[i] <= v && i != c1) {
                        v = freq[i];
                        c2 = i;
                    }
                }
                if (c2 < 0) {
                    break;
                }
                freq[c1] += freq[c2];
                freq[c2] = 0;
                codesize[c1]++;
                while (others[c1] >= 0) {
                    c1 = others[c1];
                    codesize[c1]++;
                }
                others[c1] = c2;
                codesize[c2]++;
                while (others[c2] >= 0) {
                    c2 = others[c2];
                    codesize[c2]++;
                }
            }
            int[] count = new int[33];
            for (int i = 0; i <= 256; i++) {
                if (codesize[i] > 0) {
                    count[codesize[i]]++;
                }
            }
            for (int i = 32; i > 16; i--) {
                while (count[i] > 0) {
                    int jj = i - 2;
                    while (count[jj] == 0) {
                        jj--;
                    }
                    count[i] -= 2;
                    count[i - 1]++;
                    count[jj + 1] += 2;
                    count[jj]--;
                }
            }
            int i = 16;
            while (count[i] == 0) {
                i--;
            }
            count[i]--; // drop the reserved code point
            Code c = new Code();
            System.arraycopy(count, 0, c.bits, 0, 17);
            int total = 0;
            for (int l = 1; l <= 16; l++) {
                total += c.bits[l];
            }
            c.values = new int[total];
            int k = 0;
            for (int l = 1; l <= 32; l++) {
                for (int s = 0; s < 256; s++) {
                    if (codesize[s] == l) {
                        c.values[k++] = s;
                    }
                }
            }
            // canonical codes in order of length (T.81 C.2)
            int codeValue = 0;
            k = 0;
            for (int l = 1; l <= 16; l++) {
                for (int m = 0; m < c.bits[l]; m++) {
                    c.code[c.values[k]] = codeValue++;
                    c.size[c.values[k]] = l;
                    k++;
                }
                codeValue <<= 1;
            }
            return c;
        }

        byte[] segment(int classAndId) {
            ByteArrayOutputStream s = new ByteArrayOutputStream();
            s.write(classAndId);
            for (int l = 1; l <= 16; l++) {
                s.write(bits[l]);
            }
            for (int v : values) {
                s.write(v);
            }
            return s.toByteArray();
        }
    }

    /** Entropy-coded bits with 0xFF byte stuffing; the last byte is padded with ones. */
    static final class BitWriter {
        private final ByteArrayOutputStream out;
        private long buf;
        private int count;

        BitWriter(ByteArrayOutputStream out) {
            this.out = out;
        }

        void write(int value, int n) {
            if (n == 0) {
                return;
            }
            buf = (buf << n) | (value & ((1L << n) - 1));
            count += n;
            while (count >= 8) {
                int b = (int) (buf >> (count - 8)) & 0xff;
                out.write(b);
                if (b == 0xFF) {
                    out.write(0);
                }
                count -= 8;
            }
        }

        void flush() {
            if (count > 0) {
                write(0x7F, 8 - count);
            }
        }
    }
}
