package org.efficientmixnet.stego.inspect;

import java.util.ArrayList;
import java.util.List;

/** Where two equally shaped planes (pixels of a channel, or JPEG coefficients in layout form) differ. */
public final class Differences {
    /** One differing position: channel, row, column, the two values. */
    public record Difference(int channel, int row, int col, int a, int b) {
    }

    /** The count of differing positions and the first {@code limit} of them, in channel, row, column order. */
    public record Result(long count, List<Difference> first) {
    }

    private Differences() {
    }

    public static Result of(int[][][] a, int[][][] b, int limit) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(a.length + " channels against " + b.length);
        }
        long count = 0;
        List<Difference> first = new ArrayList<>();
        for (int c = 0; c < a.length; c++) {
            if (a[c].length != b[c].length || a[c][0].length != b[c][0].length) {
                throw new IllegalArgumentException("channel " + c + ": " + a[c][0].length + "×" + a[c].length + " against "
                        + b[c][0].length + "×" + b[c].length);
            }
            for (int r = 0; r < a[c].length; r++) {
                for (int x = 0; x < a[c][0].length; x++) {
                    if (a[c][r][x] != b[c][r][x]) {
                        count++;
                        if (first.size() < limit) {
                            first.add(new Difference(c, r, x, a[c][r][x], b[c][r][x]));
                        }
                    }
                }
            }
        }
        return new Result(count, first);
    }
}
