package org.efficientmixnet.stego.attack;

/** Checks shared by the attacks. */
final class Planes {
    private Planes() {
    }

    /** A non-empty rectangular plane of 8-bit samples with at least {@code minRows}×{@code minCols} samples. */
    static void require(int[][] x, int minRows, int minCols, String method) {
        if (x == null || x.length < minRows || x[0] == null || x[0].length < minCols) {
            throw new IllegalArgumentException(method + " needs at least " + minRows + "×" + minCols + " pixels");
        }
        int cols = x[0].length;
        for (int r = 0; r < x.length; r++) {
            if (x[r] == null || x[r].length != cols) {
                throw new IllegalArgumentException("row " + r + " has " + (x[r] == null ? 0 : x[r].length)
                        + " samples, row 0 has " + cols);
            }
            for (int c = 0; c < cols; c++) {
                if ((x[r][c] & ~0xff) != 0) {
                    throw new IllegalArgumentException("sample " + x[r][c] + " at (" + r + ", " + c + ") is not 0–255");
                }
            }
        }
    }

    /** The root of a q² + b q + c = 0 chosen by {@code smaller} (smaller value) or else smaller magnitude; the real part when complex. */
    static double root(double a, double b, double c, boolean byMagnitude) {
        if (a == 0) {
            return b == 0 ? Double.NaN : -c / b;
        }
        double disc = b * b - 4 * a * c;
        if (disc < 0) {
            return -b / (2 * a);
        }
        double s = Math.sqrt(disc);
        double r1 = (-b + s) / (2 * a);
        double r2 = (-b - s) / (2 * a);
        if (byMagnitude) {
            return Math.abs(r1) <= Math.abs(r2) ? r1 : r2;
        }
        return Math.min(r1, r2);
    }
}
