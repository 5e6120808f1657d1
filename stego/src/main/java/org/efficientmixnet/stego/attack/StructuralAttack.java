package org.efficientmixnet.stego.attack;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The structural LSB-replacement attacks by name, each estimating the payload (bits per pixel) of one plane. */
public enum StructuralAttack {
    SPA("spa", SamplePairs::estimate),
    RS("rs", RsAnalysis::estimate),
    WS("ws", WeightedStego::estimate),
    TRIPLES("triples", Triples::estimate);

    private final String id;
    private final ToDoubleFunction<int[][]> estimator;

    StructuralAttack(String id, ToDoubleFunction<int[][]> estimator) {
        this.id = id;
        this.estimator = estimator;
    }

    /** The name used on the command line: spa, rs, ws, triples. */
    public String id() {
        return id;
    }

    /** The estimated payload (bits per pixel) of one 8-bit plane. */
    public double estimate(int[][] plane) {
        return estimator.applyAsDouble(plane);
    }

    /** The estimate for every channel of {@code image}, in the order of its {@link ImagePlanes#names()}. */
    public double[] estimate(ImagePlanes image) {
        double[] r = new double[image.planes().length];
        for (int c = 0; c < r.length; c++) {
            r[c] = estimate(image.planes()[c]);
        }
        return r;
    }

    public static StructuralAttack of(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (StructuralAttack a : values()) {
            if (a.id.equals(n)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown attack '" + name + "'; expected one of "
                + Arrays.stream(values()).map(StructuralAttack::id).toList());
    }
}
