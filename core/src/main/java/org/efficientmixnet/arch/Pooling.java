package org.efficientmixnet.arch;

import java.util.Locale;

/** Global pooling before the classifier (every network). */
public enum Pooling {
    AVG, MAX, AVGMAX, NONE;

    public static Pooling fromName(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "avg" -> AVG;
            case "max" -> MAX;
            case "avgmax" -> AVGMAX;
            case "none", "" -> NONE;
            default -> throw new IllegalArgumentException("unknown global pooling '" + s
                    + "'; expected avg, max, avgmax or none");
        };
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
