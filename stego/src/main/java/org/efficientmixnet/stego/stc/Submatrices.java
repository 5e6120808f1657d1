package org.efficientmixnet.stego.stc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The STC submatrix Ĥ (h rows, w columns) for a constraint height h and a width w, chosen as the reference
 * implementation of Filler, Judas and Fridrich does: for 7 ≤ h ≤ 12 and 2 ≤ w ≤ 20 from their table of
 * submatrices designed for good embedding efficiency (the numbers are in {@code submatrices.txt}, extracted
 * from the reference by {@code stego/src/test/resources/stc/reference_stc.sh}); otherwise drawn from
 * {@code std::mt19937(1)} with the first and last row all ones and, when there are enough distinct such
 * columns, no column repeated. Column k is an int whose bit j is Ĥ[j][k].
 */
final class Submatrices {
    static final int MIN_TABLE_HEIGHT = 7;
    static final int MAX_TABLE_HEIGHT = 12;
    static final int MAX_TABLE_WIDTH = 20;
    private static final int[] TABLE = load();

    private Submatrices() {
    }

    private static int[] load() {
        int[] t = new int[(MAX_TABLE_HEIGHT - MIN_TABLE_HEIGHT + 1) * MAX_TABLE_WIDTH * MAX_TABLE_WIDTH];
        int n = 0;
        try (InputStream in = Submatrices.class.getResourceAsStream("submatrices.txt")) {
            if (in == null) {
                throw new IllegalStateException("resource org/efficientmixnet/stego/stc/submatrices.txt is missing");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = r.readLine()) != null; ) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                for (String tok : line.split("[,\\s]+")) {
                    if (!tok.isEmpty()) {
                        t[n++] = Integer.parseInt(tok);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (n != t.length) {
            throw new IllegalStateException("submatrices.txt holds " + n + " numbers, expected " + t.length);
        }
        return t;
    }

    /** The w columns of Ĥ for constraint height h. */
    static int[] columns(int width, int height) {
        int[] cols = new int[width];
        if (width >= 2 && width <= MAX_TABLE_WIDTH && height >= MIN_TABLE_HEIGHT && height <= MAX_TABLE_HEIGHT) {
            System.arraycopy(TABLE, (height - MIN_TABLE_HEIGHT) * 400 + (width - 1) * 20, cols, 0, width);
            return cols;
        }
        Mt19937 rnd = new Mt19937(1);
        long mask = (1L << (height - 2)) - 1;
        int top = (1 << (height - 1)) + 1;
        boolean repeatsNeeded = (1L << (height - 2)) < width;
        for (int i = 0; i < width; i++) {
            int r;
            boolean repeated;
            do {
                r = (int) (((rnd.next() & mask) << 1) + top);
                repeated = false;
                if (!repeatsNeeded) {
                    for (int j = 0; j < i && !repeated; j++) {
                        repeated = cols[j] == r;
                    }
                }
            } while (repeated);
            cols[i] = r;
        }
        return cols;
    }
}
