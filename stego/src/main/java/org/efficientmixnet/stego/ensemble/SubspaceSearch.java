package org.efficientmixnet.stego.ensemble;

import java.util.ArrayList;
import java.util.List;

/**
 * The one-dimensional search for the subspace dimension d_sub (Kodovský, Fridrich, Holub 2012, Algorithm 2, as
 * {@code ensemble_training.m} and sealwatch's {@code SubspaceDimensionalitySearch} implement it): start with
 * candidates step·{1, 2, 3} (step 200, at most a quarter of the dimension, 1 below 10 dimensions), approach the
 * minimum of the out-of-bag error from the left, halve the step around the best candidate, and stop when the error
 * is within 2% (relative) or 0.005 (absolute) of its neighbours', or the step is below 5% of the best d_sub.
 */
final class SubspaceSearch {
    private static final double TOLERANCE = 0.02;
    private static final double EPSILON = 5e-3;

    private final int maxDim;
    private int step;
    private final List<Integer> candidates = new ArrayList<>();
    private final List<Double> errors = new ArrayList<>();
    private boolean inProgress = true;
    private int next;

    SubspaceSearch(int initialStep, int maxDim) {
        this.maxDim = maxDim;
        step = initialStep;
        if (step >= maxDim / 4.0) {
            step = maxDim / 4;
        }
        if (maxDim < 10) {
            step = 1;
        }
        if (maxDim == 2) {
            add(1);
            add(2);
        } else {
            add(step);
            add(2 * step);
            add(3 * step);
        }
        next = candidates.get(0);
    }

    boolean inProgress() {
        return inProgress;
    }

    int next() {
        return next;
    }

    private void add(int candidate) {
        int i = 0;
        while (i < candidates.size() && candidates.get(i) < candidate) {
            i++;
        }
        candidates.add(i, candidate);
        errors.add(i, -1.0);
    }

    void update(int dSub, double error) {
        if (!inProgress) {
            return;
        }
        int at = candidates.indexOf(dSub);
        if (at < 0) {
            throw new IllegalStateException("d_sub " + dSub + " is not a candidate");
        }
        errors.set(at, error);
        int unfinished = errors.indexOf(-1.0);
        if (unfinished >= 0) {
            next = candidates.get(unfinished);
            return;
        }
        int minIdx = 0;
        for (int i = 1; i < errors.size(); i++) {
            if (errors.get(i) < errors.get(minIdx)) {
                minIdx = i;
            }
        }
        double minErr = errors.get(minIdx);
        int last = candidates.size() - 1;
        if (step == 1 || Math.abs(minErr) <= 1e-8) {
            inProgress = false;
            return;
        }
        if (minIdx == 0) {
            step /= 2;
            int c0 = candidates.get(0);
            add(c0 - step);
            add(c0 + step);
        } else if (minIdx == last) {
            int right = candidates.get(last) + step;
            if (right <= maxDim && distanceToCandidates(right) > step / 2.0) {
                add(right);
            } else {
                double prev = errors.get(last - 1);
                if (minErr / prev >= 1 - TOLERANCE || prev - minErr < EPSILON || step < candidates.get(minIdx) * 0.05) {
                    inProgress = false;
                    return;
                }
                step /= 2;
                int cl = candidates.get(last);
                if (cl + step <= maxDim) {
                    add(cl - step);
                    add(cl + step);
                } else {
                    add(cl - step);
                }
            }
        } else if (minIdx == last - 1 && candidates.get(minIdx) + step <= maxDim
                && distanceToCandidates(candidates.get(minIdx) + step) > step / 2.0
                && !(errors.get(last) > errors.get(last - 1) && errors.get(last) > errors.get(last - 2))) {
            add(dSub + step);
        } else {
            double around = (errors.get(minIdx - 1) + errors.get(minIdx + 1)) / 2;
            if (minErr / around >= 1 - TOLERANCE || around - minErr < EPSILON || step < candidates.get(minIdx) * 0.05) {
                inProgress = false;
                return;
            }
            step /= 2;
            int cm = candidates.get(minIdx);
            add(cm - step);
            add(cm + step);
        }
        next = candidates.get(errors.indexOf(-1.0));
    }

    private double distanceToCandidates(int v) {
        double d = Double.POSITIVE_INFINITY;
        for (int c : candidates) {
            d = Math.min(d, Math.abs(v - c));
        }
        return d;
    }
}
