package org.efficientmixnet.arch;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Normalization layers a network or a single block may use, with config names and block-string codes. */
public enum NormType {
    /** Batch normalization with learned affine and running statistics. */
    BATCH_NORM("batchnorm", "bn"),
    /** Batch normalization whose statistics and affine are fixed buffers (fine-tuning with tiny batches). */
    FROZEN_BATCH_NORM("frozen_batchnorm", "fbn"),
    /** Attentive normalization (Li et al. 2019): K affine transforms mixed by channel attention. */
    ATTENTIVE("attentive", "an"),
    /** Instance-enhancement batch normalization (Liang et al. 2020). */
    IEBN("iebn", "ie");

    private final String id;
    private final String code;

    NormType(String id, String code) {
        this.id = id;
        this.code = code;
    }

    public String id() {
        return id;
    }

    /** The code after {@code b} in a block string ({@code ban} for attentive normalization). */
    public String code() {
        return code;
    }

    public static NormType fromName(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace('-', '_');
        switch (n) {
            case "bn", "batch_norm" -> { return BATCH_NORM; }
            case "frozen_bn", "frozenbn", "fbn", "frozen_batch_norm" -> { return FROZEN_BATCH_NORM; }
            case "an", "attentive_norm", "attn_bn" -> { return ATTENTIVE; }
            default -> { }
        }
        for (NormType t : values()) {
            if (t.id.equals(n)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown normalization '" + name + "'; expected one of "
                + Arrays.stream(values()).map(NormType::id).collect(Collectors.joining(", ")));
    }

    public static NormType fromCode(String code) {
        for (NormType t : values()) {
            if (t.code.equals(code)) {
                return t;
            }
        }
        return null;
    }
}
