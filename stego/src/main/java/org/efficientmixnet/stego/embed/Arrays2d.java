package org.efficientmixnet.stego.embed;

/** Shape checks and copies of the 2-D arrays this package passes around. */
final class Arrays2d {
    private Arrays2d() {
    }

    static double[][] toDouble(int[][] pixels) {
        double[][] x = new double[pixels.length][pixels[0].length];
        for (int r = 0; r < x.length; r++) {
            for (int c = 0; c < x[0].length; c++) {
                x[r][c] = pixels[r][c];
            }
        }
        return x;
    }

    static void requireRectangular(Object array, String name) {
        if (array == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        int rows = java.lang.reflect.Array.getLength(array);
        if (rows == 0) {
            throw new IllegalArgumentException(name + " has no rows");
        }
        Object first = java.lang.reflect.Array.get(array, 0);
        if (first == null || java.lang.reflect.Array.getLength(first) == 0) {
            throw new IllegalArgumentException(name + " row 0 is empty");
        }
        int cols = java.lang.reflect.Array.getLength(first);
        for (int r = 1; r < rows; r++) {
            Object row = java.lang.reflect.Array.get(array, r);
            if (row == null || java.lang.reflect.Array.getLength(row) != cols) {
                throw new IllegalArgumentException(name + " row " + r + " has "
                        + (row == null ? "no" : String.valueOf(java.lang.reflect.Array.getLength(row)))
                        + " columns, expected " + cols + " like row 0");
            }
        }
    }

    static double[][] copy(double[][] a) {
        double[][] out = new double[a.length][];
        for (int r = 0; r < a.length; r++) {
            out[r] = a[r].clone();
        }
        return out;
    }

    static int[][] copy(int[][] a) {
        int[][] out = new int[a.length][];
        for (int r = 0; r < a.length; r++) {
            out[r] = a[r].clone();
        }
        return out;
    }

    static void requirePixels(int[][] pixels, String name) {
        requireRectangular(pixels, name);
        for (int r = 0; r < pixels.length; r++) {
            for (int c = 0; c < pixels[0].length; c++) {
                int v = pixels[r][c];
                if (v < 0 || v > 255) {
                    throw new IllegalArgumentException(name + "[" + r + "][" + c + "] = " + v
                            + " is outside the 8-bit range 0..255");
                }
            }
        }
    }
}
