package org.efficientmixnet.arch;

import java.util.ArrayList;
import java.util.List;

/**
 * Compound scaling as timm does it: channel rounding and stage depth scaling. The arithmetic follows the
 * reference step by step in double precision (Python floats), including {@code round}'s half-to-even rule,
 * because a one-off difference changes the parameter count.
 */
public final class Scaling {
    private Scaling() {
    }

    /** How a scaled repeat count is made whole. */
    public enum DepthTrunc {
        /** Round up (EfficientNet): every multiplier above 1 deepens every stage. */
        CEIL,
        /** Round half to even (MixNet), keeping single-block stages single for longer. */
        ROUND;

        public static DepthTrunc fromName(String s) {
            return switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "ceil" -> CEIL;
                case "round" -> ROUND;
                default -> throw new IllegalArgumentException("unknown depth truncation '" + s + "'; expected ceil or round");
            };
        }
    }

    /**
     * The nearest multiple of {@code divisor}, at least {@code minValue} (or the divisor), and never more than
     * {@code 1 - roundLimit} below {@code v}.
     */
    public static int makeDivisible(double v, int divisor, Integer minValue, double roundLimit) {
        int min = minValue == null ? divisor : minValue;
        int newV = Math.max(min, (int) Math.floor(v + divisor / 2.0) / divisor * divisor);
        if (newV < roundLimit * v) {
            newV += divisor;
        }
        return newV;
    }

    public static int makeDivisible(double v, int divisor) {
        return makeDivisible(v, divisor, null, 0.9);
    }

    /** Scales channels by the width multiplier and rounds to a multiple of the divisor (a zero multiplier keeps them). */
    public static int roundChannels(int channels, double multiplier, int divisor, double roundLimit) {
        if (multiplier == 0.0) {
            return channels;
        }
        return makeDivisible(channels * multiplier, divisor, null, roundLimit);
    }

    public static int roundChannels(int channels, double multiplier) {
        return roundChannels(channels, multiplier, 8, 0.9);
    }

    /** Python's round(): half to even. */
    public static long pyRound(double x) {
        return (long) Math.rint(x);
    }

    /**
     * Scales the repeat counts of one stage: the stage total is scaled and truncated, then shared out over
     * the stage's block definitions from the last to the first, as timm does, so that the first block (often
     * the one that changes stride or width) is the least likely to be repeated more.
     */
    public static List<Integer> scaleStageDepth(List<Integer> repeats, double depthMultiplier, DepthTrunc trunc) {
        int numRepeat = repeats.stream().mapToInt(Integer::intValue).sum();
        int scaled;
        if (trunc == DepthTrunc.ROUND) {
            scaled = (int) Math.max(1, pyRound(numRepeat * depthMultiplier));
        } else {
            scaled = (int) Math.ceil(numRepeat * depthMultiplier);
        }
        int[] out = new int[repeats.size()];
        for (int i = repeats.size() - 1; i >= 0; i--) {
            int r = repeats.get(i);
            int rs = (int) Math.max(1, pyRound((double) r / numRepeat * scaled));
            out[i] = rs;
            numRepeat -= r;
            scaled -= rs;
        }
        List<Integer> list = new ArrayList<>();
        for (int r : out) {
            list.add(r);
        }
        return list;
    }
}
