package org.efficientmixnet.arch;

/** Block kinds of the block-string grammar, with timm's prefixes. */
public enum BlockType {
    /** Depthwise-separable: depthwise conv, SE, pointwise conv (MobileNet-V1 style, EfficientNet's first stage). */
    DS("ds"),
    /** Depthwise-separable with an activation after the pointwise conv and never a skip. */
    DSA("dsa"),
    /** Inverted residual (MBConv): pointwise expansion, depthwise conv, SE, pointwise projection. */
    IR("ir"),
    /** Edge residual (fused MBConv): a full expansion conv, SE, pointwise projection. */
    ER("er"),
    /** Plain convolution, normalization and activation. */
    CN("cn"),
    /**
     * ResNet's basic block: two k×k convolutions (the first with the stride), SE with ResNet's rule (reduced width
     * make_divisible(c × se, 8)), a 1×1 downsample shortcut where the stride or the width changes, the activation
     * after the sum. Used for post-stem insertion.
     */
    BASIC("bb");

    private final String prefix;

    BlockType(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    public static BlockType fromPrefix(String p) {
        for (BlockType t : values()) {
            if (t.prefix.equals(p)) {
                return t;
            }
        }
        return null;
    }
}
