package org.efficientmixnet.stego.jpeg;

import java.util.ArrayList;
import java.util.List;

/** Reads the markers and entropy-coded scans of a Huffman JPEG into coefficients (ITU T.81, Annexes B, F, G). */
final class JpegDecoder {
    private final byte[] d;
    private final String name;
    private int pos;
    private final int[][] quant = new int[4][];
    private final HuffmanTable[] dcTables = new HuffmanTable[4];
    private final HuffmanTable[] acTables = new HuffmanTable[4];
    private final List<JpegCoefficients.Segment> metadata = new ArrayList<>();
    private int width;
    private int height;
    private boolean progressive;
    private boolean frameSeen;
    private int restartInterval;
    private List<JpegComponent> comps;
    /** Per component, the quantization table in force at its first scan. */
    private int[][] latched;
    private int[] compIds;
    private int hmax;
    private int vmax;
    private int mcusX;
    private int mcusY;
    private int scanNo;
    private int eobrun;

    private JpegDecoder(byte[] data, String name) {
        this.d = data;
        this.name = name;
    }

    static JpegCoefficients decode(byte[] data, String name) throws JpegFormatException {
        return new JpegDecoder(data, name).run();
    }

    private JpegFormatException err(String what) {
        return new JpegFormatException(name, what);
    }

    private int u8() throws JpegFormatException {
        if (pos >= d.length) {
            throw err("unexpected end of file at byte " + pos + " (truncated?)");
        }
        return d[pos++] & 0xff;
    }

    private int u16() throws JpegFormatException {
        return (u8() << 8) | u8();
    }

    private JpegCoefficients run() throws JpegFormatException {
        if (d.length < 4 || (d[0] & 0xff) != 0xFF || (d[1] & 0xff) != 0xD8) {
            throw err("not a JPEG file (no SOI marker at the start)");
        }
        pos = 2;
        while (true) {
            int m = nextMarker();
            switch (m) {
                case 0xD9 -> {
                    if (!frameSeen || scanNo == 0) {
                        throw err("no image data before the end marker");
                    }
                    useLatchedQuantTables();
                    return new JpegCoefficients(width, height, progressive, restartInterval, quant, comps, metadata);
                }
                case 0xC0, 0xC1, 0xC2 -> frame(m);
                case 0xC3, 0xC5, 0xC6, 0xC7 -> throw err("lossless or hierarchical JPEG (SOF" + (m - 0xC0) + ") is not supported");
                case 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF -> throw err("arithmetic-coded JPEG (SOF" + (m - 0xC0)
                        + ") is not supported; only Huffman coding is");
                case 0xC4 -> huffman();
                case 0xCC -> throw err("arithmetic-coding conditioning (DAC) is not supported");
                case 0xDB -> quantization();
                case 0xDD -> {
                    int len = u16();
                    if (len != 4) {
                        throw err("bad DRI segment length " + len);
                    }
                    restartInterval = u16();
                }
                case 0xDA -> scan();
                case 0xDC -> throw err("DNL marker (height defined after the first scan) is not supported");
                case 0x01, 0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7 -> {
                    // TEM and a stray RSTn carry no length; libjpeg skips them
                }
                default -> {
                    int len = u16();
                    if (len < 2) {
                        // libjpeg reads a length of 0 or 1 as an empty segment and goes on looking for a marker
                        continue;
                    }
                    if (pos + len - 2 > d.length) {
                        throw err("segment 0xFF" + Integer.toHexString(m).toUpperCase() + " at byte " + (pos - 4)
                                + " claims " + len + " bytes past the end of the file (truncated?)");
                    }
                    if ((m >= 0xE0 && m <= 0xEF) || m == 0xFE) {
                        byte[] seg = java.util.Arrays.copyOfRange(d, pos, pos + len - 2);
                        metadata.add(new JpegCoefficients.Segment(m, seg));
                    }
                    pos += len - 2;
                }
            }
        }
    }

    /** The next marker code; like libjpeg, bytes that are not a marker are skipped (libjpeg warns about them). */
    /**
     * Like libjpeg, a component uses the table as it stood at the component's first scan; a DQT segment later
     * in the file may redefine the slot for other components. The slots are set back to what components use,
     * and a slot two components use in different versions is refused (jpegtran refuses it too).
     */
    private void useLatchedQuantTables() throws JpegFormatException {
        for (int t = 0; t < 4; t++) {
            int[] used = null;
            for (int c = 0; c < comps.size(); c++) {
                if (comps.get(c).quantTable() != t || latched[c] == null) {
                    continue;
                }
                if (used != null && used != latched[c]) {
                    throw err("components use two versions of quantization table " + t
                            + " (redefined between scans); not supported");
                }
                used = latched[c];
            }
            if (used != null) {
                quant[t] = used;
            }
        }
        // a component no scan reached may name a table the file never defines: djpeg and jpegtran refuse the file
        // ("Quantization table 0x03 was not defined"), and it would leave the pixel decoders without a table
        // (found by fuzzing jpegPixels)
        for (JpegComponent c : comps) {
            if (quant[c.quantTable()] == null) {
                throw undefinedQuantTable(c);
            }
        }
    }

    private JpegFormatException undefinedQuantTable(JpegComponent c) {
        return err("component " + c.id() + " uses quantization table " + c.quantTable() + ", which is not defined");
    }

    private int nextMarker() throws JpegFormatException {
        while (u8() != 0xFF) {
            // extraneous bytes before a marker
        }
        int m;
        do {
            m = u8();
        } while (m == 0xFF);
        return m;
    }

    private void frame(int marker) throws JpegFormatException {
        if (frameSeen) {
            throw err("more than one frame header");
        }
        frameSeen = true;
        progressive = marker == 0xC2;
        int len = u16();
        int precision = u8();
        if (precision != 8) {
            throw err(precision + "-bit samples are not supported (only 8-bit)");
        }
        height = u16();
        width = u16();
        int n = u8();
        if (len != 8 + 3 * n) {
            throw err("bad frame header length " + len + " for " + n + " components");
        }
        if (width < 1 || height < 1 || width > 65500 || height > 65500) {
            throw err("image size " + width + "×" + height + " is not supported");
        }
        if (n != 1 && n != 3) {
            throw err(n + " components are not supported (grayscale or YCbCr only)");
        }
        int[][] spec = new int[n][4];
        for (int i = 0; i < n; i++) {
            spec[i][0] = u8();
            int hv = u8();
            spec[i][1] = hv >> 4;
            spec[i][2] = hv & 15;
            spec[i][3] = u8();
            if (spec[i][1] < 1 || spec[i][1] > 4 || spec[i][2] < 1 || spec[i][2] > 4 || spec[i][3] > 3) {
                throw err("component " + i + " has bad sampling " + spec[i][1] + "×" + spec[i][2] + " or table " + spec[i][3]);
            }
            hmax = Math.max(hmax, spec[i][1]);
            vmax = Math.max(vmax, spec[i][2]);
        }
        for (int i = 0; i < n; i++) {
            // libjpeg's decoder stops at such a file ("Fractional sampling not implemented yet"): so do we, here,
            // where the file's name is known, rather than later in pixel decoding (found by fuzzing jpegPixels)
            if (hmax % spec[i][1] != 0 || vmax % spec[i][2] != 0) {
                throw err("component " + spec[i][0] + " is sampled " + spec[i][1] + "×" + spec[i][2] + " against "
                        + hmax + "×" + vmax + ": fractional sampling is not supported (libjpeg refuses it too)");
            }
        }
        mcusX = ceilDiv(width, 8 * hmax);
        mcusY = ceilDiv(height, 8 * vmax);
        // Bound the allocation by what the file can hold before allocating: every visible block has its DC
        // Huffman-coded (at least one bit) somewhere after this header, and the whole array must fit the heap.
        long visible = 0;
        long allocated = 0;
        int[][] geometry = new int[n][4];
        for (int i = 0; i < n; i++) {
            int h = spec[i][1];
            int v = spec[i][2];
            int wib = ceilDiv(ceilDiv(width * h, hmax), 8);
            int hib = ceilDiv(ceilDiv(height * v, vmax), 8);
            int aw = n == 1 ? wib : mcusX * h;
            int ah = n == 1 ? hib : mcusY * v;
            geometry[i] = new int[] {wib, hib, aw, ah};
            visible += (long) wib * hib;
            allocated += (long) aw * ah;
            if ((long) aw * ah * 64 > Integer.MAX_VALUE - 8) {
                throw err("frame header claims " + width + "×" + height + " pixels: component " + spec[i][0]
                        + " would need more coefficients than a Java array holds");
            }
        }
        long bitsLeft = 8L * (d.length - pos);
        if (visible > bitsLeft) {
            throw err("frame header claims " + width + "×" + height + " pixels (" + visible
                    + " blocks), more than the " + (d.length - pos) + " bytes left in the file can code (truncated or corrupt header)");
        }
        long maxPixels = org.efficientmixnet.io.Limits.IMAGE_PIXELS.value();
        if ((long) width * height > maxPixels) {
            throw err(width + "×" + height + " pixels, over the limit of " + maxPixels + " pixels of one image (raise"
                    + " it with " + org.efficientmixnet.io.Limits.IMAGE_PIXELS.howToRaise() + ")");
        }
        long bytesNeeded = allocated * 64 * Integer.BYTES;
        Runtime rt = Runtime.getRuntime();
        long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (bytesNeeded > available) {
            throw err(width + "×" + height + " pixels need " + (bytesNeeded >> 20) + " MiB of coefficients, more than the "
                    + (available >> 20) + " MiB of heap left (raise -Xmx)");
        }
        comps = new ArrayList<>();
        compIds = new int[n];
        latched = new int[n][];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < i; k++) {
                if (spec[k][0] == spec[i][0]) {
                    throw err("frame header names component id " + spec[i][0] + " twice");
                }
            }
            int[] g = geometry[i];
            comps.add(new JpegComponent(spec[i][0], spec[i][1], spec[i][2], spec[i][3], g[0], g[1], g[2], g[3]));
            compIds[i] = spec[i][0];
        }
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private void quantization() throws JpegFormatException {
        int len = u16();
        int end = pos - 2 + len;
        while (pos < end) {
            int pq = u8();
            int precision = pq >> 4;
            int t = pq & 15;
            if (t > 3 || precision > 1) {
                throw err("bad quantization table header 0x" + Integer.toHexString(pq));
            }
            int[] q = new int[64];
            for (int i = 0; i < 64; i++) {
                q[ZIG(i)] = precision == 0 ? u8() : u16();
                if (q[ZIG(i)] == 0) {
                    throw err("quantization table " + t + " has a zero step at zig-zag position " + i);
                }
            }
            quant[t] = q;
        }
        if (pos != end) {
            throw err("DQT segment length disagrees with its tables (ends at byte " + pos + ", declared " + end + ")");
        }
    }

    private static int ZIG(int i) {
        return JpegCoefficients.ZIGZAG[i];
    }

    private void huffman() throws JpegFormatException {
        int len = u16();
        int end = pos - 2 + len;
        while (pos < end) {
            int tc = u8();
            int cls = tc >> 4;
            int t = tc & 15;
            if (cls > 1 || t > 3) {
                throw err("bad Huffman table header 0x" + Integer.toHexString(tc));
            }
            int[] counts = new int[17];
            int total = 0;
            for (int i = 1; i <= 16; i++) {
                counts[i] = u8();
                total += counts[i];
            }
            if (total > 256) {
                throw err("Huffman table with " + total + " symbols (at most 256)");
            }
            int[] symbols = new int[total];
            for (int i = 0; i < total; i++) {
                symbols[i] = u8();
            }
            long code = 0;
            for (int l = 1; l <= 16; l++) {
                code = (code + counts[l]) << 1;
                if (code > (2L << l)) {
                    throw err((cls == 0 ? "DC" : "AC") + " Huffman table " + t + " has more codes of length " + l
                            + " than fit in " + l + " bits");
                }
            }
            (cls == 0 ? dcTables : acTables)[t] = new HuffmanTable(counts, symbols);
        }
        if (pos != end) {
            throw err("DHT segment length disagrees with its tables (ends at byte " + pos + ", declared " + end + ")");
        }
    }

    private void scan() throws JpegFormatException {
        if (!frameSeen) {
            throw err("scan before the frame header");
        }
        scanNo++;
        int len = u16();
        int ns = u8();
        if (ns < 1 || ns > 4 || len != 6 + 2 * ns) {
            throw err("bad scan header in scan " + scanNo);
        }
        JpegComponent[] sc = new JpegComponent[ns];
        int[] dcT = new int[ns];
        int[] acT = new int[ns];
        for (int i = 0; i < ns; i++) {
            int id = u8();
            int idx = -1;
            for (int c = 0; c < compIds.length; c++) {
                if (compIds[c] == id) {
                    idx = c;
                }
            }
            if (idx < 0) {
                throw err("scan " + scanNo + " names unknown component " + id);
            }
            for (int k = 0; k < i; k++) {
                if (sc[k] == comps.get(idx)) {
                    throw err("scan " + scanNo + " names component " + id + " twice");
                }
            }
            sc[i] = comps.get(idx);
            int t = u8();
            dcT[i] = t >> 4;
            acT[i] = t & 15;
            if (dcT[i] > 3 || acT[i] > 3) {
                throw err("scan " + scanNo + " selects Huffman tables " + dcT[i] + "/" + acT[i] + " for component " + id
                        + " (0 to 3 exist)");
            }
        }
        int ss = u8();
        int se = u8();
        int a = u8();
        int ah = a >> 4;
        int al = a & 15;
        if (!progressive) {
            // libjpeg only warns about other values in a sequential scan and decodes all 64 coefficients
            ss = 0;
            se = 63;
            ah = 0;
            al = 0;
        }
        for (JpegComponent c : sc) {
            if (quant[c.quantTable()] == null) {
                throw undefinedQuantTable(c);
            }
            int ci = comps.indexOf(c);
            if (latched[ci] == null) {
                latched[ci] = quant[c.quantTable()];
            }
        }
        BitReader br = new BitReader(d, pos, name, scanNo);
        eobrun = 0;
        int[] pred = new int[ns];
        boolean dcScan = ss == 0;
        if (progressive && (ss > se || se > 63 || (ss == 0 && se != 0) || (ss > 0 && ns != 1) || al > 13
                || (ah != 0 && ah != al + 1))) {
            throw err("bad progressive scan parameters in scan " + scanNo + ": Ss=" + ss + " Se=" + se + " Ah=" + ah
                    + " Al=" + al + " Ns=" + ns);
        }
        for (int i = 0; i < ns; i++) {
            if ((!progressive || dcScan) && ah == 0 && dcTables[dcT[i]] == null) {
                throw err("scan " + scanNo + " uses DC Huffman table " + dcT[i] + ", which is not defined");
            }
            if ((!progressive || !dcScan) && acTables[acT[i]] == null) {
                throw err("scan " + scanNo + " uses AC Huffman table " + acT[i] + ", which is not defined");
            }
        }
        int restartsLeft = restartInterval;
        int expectedRst = 0;
        if (ns == 1) {
            JpegComponent c = sc[0];
            int total = c.widthInBlocks() * c.heightInBlocks();
            for (int b = 0; b < total; b++) {
                if (restartInterval > 0 && b > 0 && restartsLeft == 0) {
                    br.restart(expectedRst);
                    expectedRst = (expectedRst + 1) & 7;
                    restartsLeft = restartInterval;
                    pred[0] = 0;
                    eobrun = 0;
                }
                int row = b / c.widthInBlocks();
                int col = b % c.widthInBlocks();
                block(br, c, c.offset(row, col), dcT[0], acT[0], pred, 0, ss, se, ah, al, b);
                restartsLeft--;
            }
        } else {
            int mcu = 0;
            for (int my = 0; my < mcusY; my++) {
                for (int mx = 0; mx < mcusX; mx++) {
                    if (restartInterval > 0 && mcu > 0 && restartsLeft == 0) {
                        br.restart(expectedRst);
                        expectedRst = (expectedRst + 1) & 7;
                        restartsLeft = restartInterval;
                        java.util.Arrays.fill(pred, 0);
                        eobrun = 0;
                    }
                    for (int i = 0; i < ns; i++) {
                        JpegComponent c = sc[i];
                        for (int by = 0; by < c.v(); by++) {
                            for (int bx = 0; bx < c.h(); bx++) {
                                int row = my * c.v() + by;
                                int col = mx * c.h() + bx;
                                block(br, c, c.offset(row, col), dcT[i], acT[i], pred, i, ss, se, ah, al, mcu);
                            }
                        }
                    }
                    mcu++;
                    restartsLeft--;
                }
            }
        }
        pos = br.end();
    }

    private void block(BitReader br, JpegComponent c, int o, int dcT, int acT, int[] pred, int pi, int ss, int se,
            int ah, int al, int unit) throws JpegFormatException {
        int[] coef = c.coef;
        if (!progressive) {
            int t = dcTables[dcT].decode(br, c.id(), unit);
            if (t > 11) {
                throw err("corrupt DC code (size " + t + ") in component " + c.id() + ", block " + unit);
            }
            pred[pi] += t == 0 ? 0 : br.receiveExtend(t);
            coef[o] = pred[pi];
            HuffmanTable ac = acTables[acT];
            for (int k = 1; k < 64; ) {
                int rs = ac.decode(br, c.id(), unit);
                int r = rs >> 4;
                int s = rs & 15;
                if (s == 0) {
                    if (r != 15) {
                        break;
                    }
                    k += 16;
                    continue;
                }
                k += r;
                if (k > 63) {
                    throw err("corrupt AC data in component " + c.id() + ", block " + unit + " (run past coefficient 63)");
                }
                coef[o + ZIG(k)] = br.receiveExtend(s);
                k++;
            }
            return;
        }
        if (ss == 0) {
            if (ah == 0) {
                int t = dcTables[dcT].decode(br, c.id(), unit);
                if (t > 11) {
                    throw err("corrupt DC code (size " + t + ") in component " + c.id() + ", block " + unit);
                }
                pred[pi] += t == 0 ? 0 : br.receiveExtend(t);
                coef[o] = pred[pi] * (1 << al);
            } else if (br.bit() != 0) {
                coef[o] |= 1 << al;
            }
            return;
        }
        HuffmanTable ac = acTables[acT];
        if (ah == 0) {
            if (eobrun > 0) {
                eobrun--;
                return;
            }
            for (int k = ss; k <= se; k++) {
                int rs = ac.decode(br, c.id(), unit);
                int r = rs >> 4;
                int s = rs & 15;
                if (s != 0) {
                    k += r;
                    if (k > se) {
                        throw err("corrupt AC data in scan " + scanNo + ", component " + c.id() + ", block " + unit
                                + " (run past coefficient " + se + ")");
                    }
                    coef[o + ZIG(k)] = br.receiveExtend(s) * (1 << al);
                } else if (r == 15) {
                    k += 15;
                } else {
                    eobrun = (1 << r) - 1;
                    if (r > 0) {
                        eobrun += br.bits(r);
                    }
                    break;
                }
            }
            return;
        }
        // successive approximation refinement of AC coefficients (G.1.2.3)
        int p1 = 1 << al;
        int m1 = -1 << al;
        int k = ss;
        if (eobrun == 0) {
            for (; k <= se; k++) {
                int rs = ac.decode(br, c.id(), unit);
                int r = rs >> 4;
                int s = rs & 15;
                int value = 0;
                if (s != 0) {
                    if (s != 1) {
                        throw err("corrupt refinement data in component " + c.id() + ", block " + unit);
                    }
                    value = br.bit() != 0 ? p1 : m1;
                } else if (r != 15) {
                    eobrun = 1 << r;
                    if (r > 0) {
                        eobrun += br.bits(r);
                    }
                    break;
                }
                while (k <= se) {
                    int idx = o + ZIG(k);
                    if (coef[idx] != 0) {
                        if (br.bit() != 0 && (coef[idx] & p1) == 0) {
                            coef[idx] += coef[idx] >= 0 ? p1 : m1;
                        }
                    } else {
                        if (r == 0) {
                            break;
                        }
                        r--;
                    }
                    k++;
                }
                if (value != 0) {
                    if (k > se) {
                        throw err("corrupt refinement data in component " + c.id() + ", block " + unit);
                    }
                    coef[o + ZIG(k)] = value;
                }
            }
        }
        if (eobrun > 0) {
            for (; k <= se; k++) {
                int idx = o + ZIG(k);
                if (coef[idx] != 0 && br.bit() != 0 && (coef[idx] & p1) == 0) {
                    coef[idx] += coef[idx] >= 0 ? p1 : m1;
                }
            }
            eobrun--;
        }
    }

    /** Canonical Huffman decoding table (T.81 F.2.2.3). */
    static final class HuffmanTable {
        final int[] maxCode = new int[18];
        final int[] valPtr = new int[17];
        final int[] minCode = new int[17];
        final int[] symbols;

        HuffmanTable(int[] counts, int[] symbols) {
            this.symbols = symbols;
            int code = 0;
            int k = 0;
            for (int l = 1; l <= 16; l++) {
                valPtr[l] = k;
                minCode[l] = code;
                code += counts[l];
                k += counts[l];
                maxCode[l] = counts[l] == 0 ? -1 : code - 1;
                code <<= 1;
            }
            maxCode[17] = Integer.MAX_VALUE;
        }

        int decode(BitReader br, int component, int unit) throws JpegFormatException {
            int code = 0;
            for (int l = 1; l <= 16; l++) {
                code = (code << 1) | br.bit();
                if (maxCode[l] >= 0 && code <= maxCode[l] && code >= minCode[l]) {
                    return symbols[valPtr[l] + code - minCode[l]];
                }
            }
            throw new JpegFormatException(String.valueOf(br.name), "corrupt Huffman code in scan " + br.scan + ", component "
                    + component + ", block/MCU " + unit);
        }
    }

    /** Bits of an entropy-coded segment: byte stuffing removed, stopping at markers. */
    static final class BitReader {
        private final byte[] d;
        private int pos;
        private int buf;
        private int count;
        private boolean atMarker;
        final String name;
        final int scan;

        BitReader(byte[] d, int pos, String name, int scan) {
            this.d = d;
            this.pos = pos;
            this.name = name;
            this.scan = scan;
        }

        int bit() throws JpegFormatException {
            if (count == 0) {
                fill();
            }
            count--;
            return (buf >> count) & 1;
        }

        int bits(int n) throws JpegFormatException {
            int v = 0;
            for (int i = 0; i < n; i++) {
                v = (v << 1) | bit();
            }
            return v;
        }

        int receiveExtend(int s) throws JpegFormatException {
            int v = bits(s);
            return v < (1 << (s - 1)) ? v - (1 << s) + 1 : v;
        }

        private void fill() throws JpegFormatException {
            if (atMarker) {
                // libjpeg would feed zeros here and warn; a valid stream never needs bits past its end
                throw new JpegFormatException(String.valueOf(name), "unexpected end of data in scan " + scan + " at byte " + pos
                        + " (marker 0xFF" + Integer.toHexString(d[pos + 1] & 0xff).toUpperCase()
                        + " inside the coded data: truncated or corrupt file)");
            }
            if (pos >= d.length) {
                throw new JpegFormatException(String.valueOf(name), "unexpected end of data in scan " + scan + " at byte " + pos
                        + " (truncated file)");
            }
            int b = d[pos] & 0xff;
            if (b == 0xFF) {
                if (pos + 1 >= d.length) {
                    throw new JpegFormatException(String.valueOf(name), "unexpected end of data in scan " + scan + " at byte " + pos
                            + " (truncated file)");
                }
                int next = d[pos + 1] & 0xff;
                if (next == 0) {
                    pos += 2;
                } else {
                    atMarker = true;
                    fill();
                    return;
                }
            } else {
                pos++;
            }
            buf = b;
            count = 8;
        }

        /** Skips to the expected restart marker RSTn and starts fresh after it. */
        void restart(int n) throws JpegFormatException {
            count = 0;
            atMarker = false;
            while (pos + 1 < d.length && !((d[pos] & 0xff) == 0xFF && (d[pos + 1] & 0xff) >= 0xD0 && (d[pos + 1] & 0xff) <= 0xD7)) {
                pos++;
            }
            if (pos + 1 >= d.length) {
                throw new JpegFormatException(String.valueOf(name), "missing restart marker RST" + n + " in scan " + scan + " (truncated file)");
            }
            int got = (d[pos + 1] & 0xff) - 0xD0;
            if (got != n) {
                throw new JpegFormatException(String.valueOf(name), "restart marker RST" + got + " where RST" + n + " was expected in scan " + scan);
            }
            pos += 2;
        }

        /** Position of the marker that ends the scan. */
        int end() throws JpegFormatException {
            int p = pos;
            while (p + 1 < d.length && !((d[p] & 0xff) == 0xFF && (d[p + 1] & 0xff) != 0 && !((d[p + 1] & 0xff) >= 0xD0 && (d[p + 1] & 0xff) <= 0xD7))) {
                p++;
            }
            if (p + 1 >= d.length) {
                throw new JpegFormatException(String.valueOf(name), "unexpected end of data after scan " + scan + " (truncated file, no end marker)");
            }
            return p;
        }
    }
}
