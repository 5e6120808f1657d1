package org.efficientmixnet.stego.ensemble;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.efficientmixnet.io.FileFormatException;

/**
 * Reads a 2-D feature matrix (rows = images) from a .npy file: little-endian float64, float32 or int32 in C order,
 * as {@code org.efficientmixnet.io.Npy} and numpy write them. The header is checked against the file size before
 * the matrix is allocated.
 */
public final class FeatureMatrix {
    /** The most values read (2³⁰ doubles = 8 GiB would not fit anyway). */
    static final long MAX_VALUES = 1L << 28;

    private FeatureMatrix() {
    }

    public static double[][] read(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] pre = in.readNBytes(10);
            if (pre.length < 10 || pre[0] != (byte) 0x93 || pre[1] != 'N' || pre[2] != 'U' || pre[3] != 'M'
                    || pre[4] != 'P' || pre[5] != 'Y') {
                throw new FileFormatException(file, "not a .npy file (magic \\x93NUMPY expected)");
            }
            int major = pre[6];
            int headerLen;
            int offset;
            if (major == 1) {
                headerLen = (pre[8] & 0xff) | (pre[9] & 0xff) << 8;
                offset = 10;
            } else if (major == 2 || major == 3) {
                byte[] more = in.readNBytes(2);
                if (more.length < 2) {
                    throw new FileFormatException(file, "truncated header");
                }
                long len = (pre[8] & 0xffL) | (pre[9] & 0xffL) << 8 | (more[0] & 0xffL) << 16 | (more[1] & 0xffL) << 24;
                if (len > 1 << 20) {
                    throw new FileFormatException(file, "header of " + len + " bytes");
                }
                headerLen = (int) len;
                offset = 12;
            } else {
                throw new FileFormatException(file, ".npy version " + major + " not supported");
            }
            byte[] hb = in.readNBytes(headerLen);
            if (hb.length < headerLen) {
                throw new FileFormatException(file, "truncated header");
            }
            String header = new String(hb, StandardCharsets.ISO_8859_1);
            String descr = field(header, "descr", "'([^']*)'", file);
            String order = field(header, "fortran_order", "(True|False)", file);
            if (order.equals("True")) {
                throw new FileFormatException(file, "Fortran-order arrays are not supported (save with C order)");
            }
            Matcher m = Pattern.compile("'shape'\\s*:\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,?\\s*\\)").matcher(header);
            if (!m.find()) {
                throw new FileFormatException(file, "shape is not 2-D (rows, features): " + header.strip());
            }
            long rows = Long.parseLong(m.group(1));
            long cols = Long.parseLong(m.group(2));
            int width = switch (descr) {
                case "<f8" -> 8;
                case "<f4", "<i4" -> 4;
                default -> throw new FileFormatException(file, "dtype " + descr + "; <f8, <f4 or <i4 expected");
            };
            if (rows < 1 || cols < 1 || rows * cols > MAX_VALUES) {
                throw new FileFormatException(file, "shape " + rows + "×" + cols + " empty or above " + MAX_VALUES + " values");
            }
            long need = offset + headerLen + rows * cols * width;
            if (size != need) {
                throw new FileFormatException(file, "size " + size + " bytes, the header implies " + need);
            }
            double[][] x = new double[(int) rows][(int) cols];
            byte[] row = new byte[(int) cols * width];
            for (int r = 0; r < rows; r++) {
                if (in.readNBytes(row, 0, row.length) < row.length) {
                    throw new FileFormatException(file, "truncated at row " + r);
                }
                ByteBuffer bb = ByteBuffer.wrap(row).order(ByteOrder.LITTLE_ENDIAN);
                for (int c = 0; c < cols; c++) {
                    double v = switch (descr) {
                        case "<f8" -> bb.getDouble();
                        case "<f4" -> bb.getFloat();
                        default -> bb.getInt();
                    };
                    if (!Double.isFinite(v)) {
                        throw new FileFormatException(file, "non-finite value at row " + r + ", column " + c);
                    }
                    x[r][c] = v;
                }
            }
            return x;
        }
    }

    private static String field(String header, String name, String value, Path file) {
        Matcher m = Pattern.compile("'" + name + "'\\s*:\\s*" + value).matcher(header);
        if (!m.find()) {
            throw new FileFormatException(file, "header has no '" + name + "'");
        }
        return m.group(1);
    }
}
