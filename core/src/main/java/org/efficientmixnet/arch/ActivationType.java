package org.efficientmixnet.arch;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The activations a network or a single block may use, with the names timm accepts and the block-string codes. */
public enum ActivationType {
    RELU("relu", "re"),
    RELU6("relu6", "r6"),
    SWISH("swish", "sw"),
    MISH("mish", "mi"),
    HARD_SWISH("hard_swish", "hs"),
    HARD_SIGMOID("hard_sigmoid", "hg"),
    GELU("gelu", "ge"),
    SIGMOID("sigmoid", "sg"),
    IDENTITY("identity", "id");

    private final String id;
    private final String code;

    ActivationType(String id, String code) {
        this.id = id;
        this.code = code;
    }

    /** The name used in configs and on the command line ({@code swish}, {@code hard_swish}). */
    public String id() {
        return id;
    }

    /** The code after {@code n} in a block string ({@code nsw} for swish). */
    public String code() {
        return code;
    }

    /** Looks a name up; {@code silu} is accepted for swish, as in PyTorch, and dashes for underscores. */
    public static ActivationType fromName(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace('-', '_');
        if (n.equals("silu")) {
            return SWISH;
        }
        if (n.equals("hardswish")) {
            return HARD_SWISH;
        }
        if (n.equals("hardsigmoid")) {
            return HARD_SIGMOID;
        }
        for (ActivationType a : values()) {
            if (a.id.equals(n)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "'; expected one of "
                + Arrays.stream(values()).map(ActivationType::id).collect(Collectors.joining(", ")) + " (or silu)");
    }

    /** Looks a block-string code up, or returns null. */
    public static ActivationType fromCode(String code) {
        for (ActivationType a : values()) {
            if (a.code.equals(code)) {
                return a;
            }
        }
        return null;
    }
}
