package org.efficientmixnet.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.efficientmixnet.arch.ActivationType;

/**
 * Folds every batch normalization that directly follows a convolution into that convolution, for inference:
 * one op fewer per pair and no normalization pass over the activations. The pairs are found by walking each
 * block's declared steps ({@link ResidualBlock#steps}; elsewhere the data flow of {@link Layer#trace}), so every
 * block type is covered without knowing it. Irreversible:
 * a fused network cannot be trained, and its weights are no longer the original state dict.
 */
public final class Fusion {
    private Fusion() {
    }

    /**
     * Read once; {@code -Defficientmixnet.fused_conv_act=false} runs folded convolutions as plain convolutions
     * and their activations apart (to compare).
     */
    static final boolean CONV_ACT = Boolean.parseBoolean(System.getProperty("efficientmixnet.fused_conv_act", "true"));

    /**
     * A convolution, the batch norm folded into it and a SiLU as one libtorch call, or null where they must run
     * apart: training, autograd recording (the fused op has no backward pass), another engine or device, another
     * activation, a norm not folded. The same values as the three steps up to float rounding.
     */
    public static NDArray convActivation(Block conv, Block norm, ActivationType activation, ParameterStore ps,
            NDArray x, boolean training) {
        if (activation != ActivationType.SWISH || !CONV_ACT || !pointwise(conv, norm, x, training)) {
            return null;
        }
        return ((Conv2d) conv).forwardPointwise(ps, x, true);
    }

    /**
     * A convolution and the batch norm folded into it as one call on the prepacked weight (EfficientNet's
     * projections, which no activation follows), or null where {@link #convActivation} would be: at batch 1 the
     * 1152→320 projection takes 116 µs against 331 µs as a plain convolution, which reorders its weight on
     * every call. The same values up to float rounding.
     */
    public static NDArray convNorm(Block conv, Block norm, ParameterStore ps, NDArray x, boolean training) {
        if (!CONV_ACT || !pointwise(conv, norm, x, training)) {
            return null;
        }
        return ((Conv2d) conv).forwardPointwise(ps, x, false);
    }

    /** Whether conv and norm may run as one pointwise call here: CPU inference of a folded pair, autograd off. */
    private static boolean pointwise(Block conv, Block norm, NDArray x, boolean training) {
        return !training && conv instanceof Conv2d && norm instanceof BatchNorm2d bn && bn.folded()
                && ScriptedOp.available(x) && Device.Type.CPU.equals(x.getDevice().getDeviceType())
                && !JniUtils.isGradMode();
    }

    /** Fuses an initialized network in place; returns the number of normalizations folded. */
    public static int fuseForInference(Layer root, Shape input) {
        int[] count = {0};
        walk(root, input, count);
        return count[0];
    }

    private static Shape walk(Layer layer, Shape input, int[] count) {
        List<Block> traced = new ArrayList<>();
        Shape out = layer.trace(input, (name, child, in) -> {
            traced.add(child);
            return child instanceof Layer l && !child.getChildren().isEmpty() && !(child instanceof MixedConv2d)
                    ? walk(l, in, count) : child.getOutputShapes(new Shape[] {in})[0];
        });
        // a block's own step list says what follows what (an activation between two layers parts them)
        List<Block> order = layer instanceof ResidualBlock r
                ? r.steps().stream().map(ResidualBlock.Step::layer).toList() : traced;
        for (int i = 0; i + 1 < order.size(); i++) {
            if (order.get(i + 1) instanceof BatchNorm2d bn && !bn.folded()) {
                Block conv = order.get(i);
                if (conv instanceof Conv2d c) {
                    fold(List.of(c), bn);
                    count[0]++;
                } else if (conv instanceof MixedConv2d m) {
                    fold(m.convs(), bn);
                    count[0]++;
                }
            }
        }
        return out;
    }

    private static void fold(List<Conv2d> convs, BatchNorm2d bn) {
        NDArray[] st = bn.foldInto();
        try (NDArray scale = st[0]; NDArray shift = st[1]) {
            long from = 0;
            for (Conv2d c : convs) {
                long to = from + c.outChannels();
                try (NDArray s = scale.get(from + ":" + to); NDArray b = shift.get(from + ":" + to)) {
                    c.foldNorm(s, b);
                }
                from = to;
            }
        }
    }
}
