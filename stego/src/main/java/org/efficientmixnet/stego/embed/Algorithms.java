package org.efficientmixnet.stego.embed;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The registry: every embedding algorithm by its command-line name. Adding one takes its class (cost function
 * and {@code static final Algorithm ALGORITHM = Algorithm.of(...)}) and one line in {@link #ALL}.
 */
public final class Algorithms {
    private static final List<Algorithm> ALL = List.of(
            Lsb.REPLACEMENT,
            Lsb.MATCHING,
            Hill.ALGORITHM,
            Wow.ALGORITHM,
            Hugo.ALGORITHM,
            Mipod.ALGORITHM,
            SUniward.ALGORITHM,
            Nsf5.ALGORITHM,
            F5.ALGORITHM,
            Uerd.ALGORITHM,
            JUniward.ALGORITHM,
            Ebs.ALGORITHM,
            JMipod.ALGORITHM);

    private Algorithms() {
    }

    /** All algorithms, in the order of the registry (spatial first). */
    public static List<Algorithm> all() {
        return ALL;
    }

    /**
     * The algorithm of that name (case and {@code _}/{@code -} ignored, dashes optional: {@code juniward});
     * {@code name:variant} selects a variant.
     *
     * @throws IllegalArgumentException naming the known algorithms
     */
    public static Algorithm get(String name) {
        if (name == null) {
            throw new IllegalArgumentException("no embedding algorithm named; expected one of " + ids());
        }
        int colon = name.indexOf(':');
        String n = (colon < 0 ? name : name.substring(0, colon)).trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Algorithm a : ALL) {
            if (a.id().equals(n) || a.id().replace("-", "").equals(n)) {
                return colon < 0 ? a : a.variant(name.substring(colon + 1));
            }
        }
        throw new IllegalArgumentException("unknown embedding algorithm '" + name + "'; expected one of " + ids());
    }

    private static String ids() {
        return ALL.stream().map(Algorithm::id).collect(Collectors.joining(", "));
    }
}
