package org.efficientmixnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.efficientmixnet.arch.Padding;

/**
 * Mixed depthwise convolution (MixConv, Tan &amp; Le 2019): the channels are split into equal groups (the
 * remainder going to the first), each convolved with its own kernel size, and the results concatenated.
 * With all kernels 1 it is a grouped pointwise convolution. Children are named {@code 0}, {@code 1}, … as in timm.
 */
public final class MixedConv2d extends Layer {
    private final int[] inSplits;
    private final int[] outSplits;
    private final List<Conv2d> convs = new ArrayList<>();

    public MixedConv2d(int inChannels, int outChannels, List<Integer> kernels, int stride, boolean depthwise, Padding padding) {
        int n = kernels.size();
        inSplits = split(inChannels, n);
        outSplits = split(outChannels, n);
        for (int i = 0; i < n; i++) {
            if (inSplits[i] < 1 || outSplits[i] < 1) {
                throw new IllegalArgumentException("cannot split " + inChannels + "→" + outChannels + " channels into "
                        + n + " kernel groups " + kernels);
            }
            int groups = depthwise ? inSplits[i] : 1;
            convs.add(child(String.valueOf(i), new Conv2d(inSplits[i], outSplits[i], kernels.get(i), stride, groups, false, padding)));
        }
    }

    /**
     * timm's create_conv2d: a {@link MixedConv2d} when several kernel sizes are given, else a plain {@link Conv2d}
     * (depthwise: one group per channel). No bias: a normalization always follows.
     */
    public static Layer create(int in, int out, List<Integer> kernels, int stride, boolean depthwise, Padding padding) {
        if (kernels.size() > 1) {
            return new MixedConv2d(in, out, kernels, stride, depthwise, padding);
        }
        return new Conv2d(in, out, kernels.get(0), stride, depthwise ? in : 1, false, padding);
    }

    /** Equal split, remainder to the first group (timm's rule). */
    static int[] split(int channels, int groups) {
        int[] s = new int[groups];
        for (int i = 0; i < groups; i++) {
            s[i] = channels / groups;
        }
        s[0] += channels - (channels / groups) * groups;
        return s;
    }

    public List<Conv2d> convs() {
        return List.copyOf(convs);
    }

    @Override
    public Shape trace(Shape input, ShapeVisitor v) {
        long c = 0;
        Shape out = null;
        for (int i = 0; i < convs.size(); i++) {
            out = v.visit(String.valueOf(i), convs.get(i), new Shape(input.get(0), inSplits[i], input.get(2), input.get(3)));
            c += out.get(1);
        }
        return new Shape(out.get(0), c, out.get(2), out.get(3));
    }

    @Override
    public NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        long[] idx = new long[inSplits.length - 1];
        long acc = 0;
        for (int i = 0; i < idx.length; i++) {
            acc += inSplits[i];
            idx[i] = acc;
        }
        NDList parts = x.split(idx, 1);
        NDList outs = new NDList();
        try {
            for (int i = 0; i < convs.size(); i++) {
                outs.add(convs.get(i).forward(ps, parts.get(i), training));
            }
            return ai.djl.ndarray.NDArrays.concat(outs, 1);
        } finally {
            parts.close();
            outs.close();
        }
    }
}
