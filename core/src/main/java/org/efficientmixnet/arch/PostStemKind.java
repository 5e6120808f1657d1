package org.efficientmixnet.arch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The named kinds of post-stem insertion, each a recipe of block specs: {@code count} blocks at the stem's width,
 * the last with stride 2. Any other block string can be inserted as well ({@code insert=ir_r2_k3_s2_e6_c32_se0.25}).
 */
public enum PostStemKind {
    /** Inverted residuals (k3, expansion 6, SE 0.25); the first has no skip. */
    INVERTED_RESIDUAL,
    /** ResNet basic blocks with squeeze-excitation (reduction 16); the last has a stride-2 1×1 downsampling shortcut. */
    BASIC_SE;

    public static PostStemKind fromName(String s) {
        return switch (s.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "ir", "inverted_residual", "mbconv" -> INVERTED_RESIDUAL;
            case "basic", "basic_se", "resnet", "se_basic" -> BASIC_SE;
            default -> throw new IllegalArgumentException("unknown post-stem block kind '" + s
                    + "'; expected ir (inverted residual) or basic_se (ResNet basic block with SE)");
        };
    }

    public String id() {
        return this == INVERTED_RESIDUAL ? "ir" : "basic_se";
    }

    /** The block specs of {@code count} blocks of this kind at {@code width} channels, the last with stride 2. */
    public List<BlockSpec> blocks(int count, int width) {
        if (count < 1) {
            throw new IllegalArgumentException("insert at least one block, got " + count);
        }
        List<BlockSpec> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int stride = i == count - 1 ? 2 : 1;
            String s = this == INVERTED_RESIDUAL
                    ? "ir_r1_k3_s" + stride + "_e6_c" + width + "_se0.25" + (i == 0 ? "_noskip" : "")
                    : "bb_r1_k3_s" + stride + "_c" + width + "_se0.0625";
            out.add(BlockStrings.parse(s));
        }
        return out;
    }
}
