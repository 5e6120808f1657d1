package org.efficientmixnet.stego.embed;

/**
 * Costs of changing each cover element by +1 ({@code rhoPlus}) and by -1 ({@code rhoMinus}).
 * {@link Double#POSITIVE_INFINITY} marks a wet change: the simulator gives it probability zero, which is how
 * wet elements and range limits are expressed. Arrays are held as given (no copy) so that large maps stay
 * cheap; callers that keep mutating them should copy first. Read the maps, never write into them: a row where
 * both costs agree may be one array in both (UERD's).
 */
public final class CostMap {
    private final double[][] rhoPlus;
    private final double[][] rhoMinus;

    /** Checks that both maps have one shape and hold only non-negative, non-NaN costs. */
    public CostMap(double[][] rhoPlus, double[][] rhoMinus) {
        Arrays2d.requireRectangular(rhoPlus, "rhoPlus");
        Arrays2d.requireRectangular(rhoMinus, "rhoMinus");
        if (rhoPlus.length != rhoMinus.length || rhoPlus[0].length != rhoMinus[0].length) {
            throw new IllegalArgumentException("rhoPlus is " + rhoPlus.length + "x" + rhoPlus[0].length
                    + " but rhoMinus is " + rhoMinus.length + "x" + rhoMinus[0].length);
        }
        for (int r = 0; r < rhoPlus.length; r++) {
            for (int c = 0; c < rhoPlus[0].length; c++) {
                checkCost(rhoPlus[r][c], "rhoPlus", r, c);
                checkCost(rhoMinus[r][c], "rhoMinus", r, c);
            }
        }
        this.rhoPlus = rhoPlus;
        this.rhoMinus = rhoMinus;
    }

    private CostMap(double[][] rhoPlus, double[][] rhoMinus, boolean trusted) {
        this.rhoPlus = rhoPlus;
        this.rhoMinus = rhoMinus;
    }

    /**
     * Maps this package built whose every entry is known to be a non-negative cost or +Infinity (one shape; a row
     * may be one array in both maps, never two rows of one map), without the check pass over every element: for cost functions fast enough that the check
     * would be a large share of their time (UERD, nsF5).
     */
    static CostMap trusted(double[][] rhoPlus, double[][] rhoMinus) {
        return new CostMap(rhoPlus, rhoMinus, true);
    }

    /** The same cost for +1 and -1, as most additive schemes define it ({@code rho} held as ρ+, a copy as ρ−). */
    public static CostMap symmetric(double[][] rho) {
        return new CostMap(rho, Arrays2d.copy(rho));
    }

    private static void checkCost(double v, String name, int r, int c) {
        if (Double.isNaN(v) || v < 0) {
            throw new IllegalArgumentException(name + "[" + r + "][" + c + "] = " + v
                    + ": costs must be non-negative (or +Infinity for a wet change)");
        }
    }

    public double[][] rhoPlus() {
        return rhoPlus;
    }

    public double[][] rhoMinus() {
        return rhoMinus;
    }

    public int rows() {
        return rhoPlus.length;
    }

    public int cols() {
        return rhoPlus[0].length;
    }

    /**
     * A copy where a change that would take {@code values} outside {@code [min, max]} costs infinity,
     * so that no stego element ever leaves the valid range.
     */
    public CostMap limitedTo(int[][] values, int min, int max) {
        requireSameShape(values, "values");
        double[][] p = Arrays2d.copy(rhoPlus);
        double[][] m = Arrays2d.copy(rhoMinus);
        for (int r = 0; r < p.length; r++) {
            for (int c = 0; c < p[0].length; c++) {
                if (values[r][c] >= max) {
                    p[r][c] = Double.POSITIVE_INFINITY;
                }
                if (values[r][c] <= min) {
                    m[r][c] = Double.POSITIVE_INFINITY;
                }
            }
        }
        return new CostMap(p, m);
    }

    /** A copy where every element with {@code wet[r][c]} true has infinite cost both ways (never changes). */
    public CostMap withWet(boolean[][] wet) {
        if (wet == null || wet.length != rows()) {
            throw new IllegalArgumentException("wet mask must have " + rows() + " rows, got "
                    + (wet == null ? "null" : wet.length));
        }
        double[][] p = Arrays2d.copy(rhoPlus);
        double[][] m = Arrays2d.copy(rhoMinus);
        for (int r = 0; r < p.length; r++) {
            if (wet[r].length != cols()) {
                throw new IllegalArgumentException("wet mask row " + r + " has " + wet[r].length
                        + " columns, expected " + cols());
            }
            for (int c = 0; c < p[0].length; c++) {
                if (wet[r][c]) {
                    p[r][c] = Double.POSITIVE_INFINITY;
                    m[r][c] = Double.POSITIVE_INFINITY;
                }
            }
        }
        return new CostMap(p, m);
    }

    /** Number of elements that cannot change at all (both costs infinite). */
    public long wetCount() {
        long n = 0;
        for (int r = 0; r < rows(); r++) {
            for (int c = 0; c < cols(); c++) {
                if (rhoPlus[r][c] == Double.POSITIVE_INFINITY && rhoMinus[r][c] == Double.POSITIVE_INFINITY) {
                    n++;
                }
            }
        }
        return n;
    }

    void requireSameShape(int[][] values, String name) {
        Arrays2d.requireRectangular(values, name);
        if (values.length != rows() || values[0].length != cols()) {
            throw new IllegalArgumentException(name + " is " + values.length + "x" + values[0].length
                    + " but the cost map is " + rows() + "x" + cols());
        }
    }
}
