package org.efficientmixnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.efficientmixnet.arch.ActivationType;
import org.efficientmixnet.arch.Padding;

/**
 * ResNet's bottleneck block (1×1, 3×3 with the stride, 1×1 to 4× width) with timm's names {@code conv1..3},
 * {@code bn1..3}, optional {@code se}, {@code downsample.0/1}; the activation follows the sum.
 */
public final class Bottleneck extends ResidualBlock {
    private final Conv2d conv1;
    private final Norm2d bn1;
    private final Conv2d conv2;
    private final Norm2d bn2;
    private final Conv2d conv3;
    private final Norm2d bn3;
    private final SqueezeExcite se;
    private final Sequential downsample;
    private final ActivationType act;

    public Bottleneck(int in, int planes, int stride, int seReduction, LayerOptions o) {
        super(in, planes * 4, true, 0.0);
        int out = planes * 4;
        act = o.activation();
        conv1 = child("conv1", new Conv2d(in, planes, 1, 1, 1, false, o.padding()));
        bn1 = child("bn1", o.norm(planes));
        conv2 = child("conv2", new Conv2d(planes, planes, 3, stride, 1, false, o.padding()));
        bn2 = child("bn2", o.norm(planes));
        conv3 = child("conv3", new Conv2d(planes, out, 1, 1, 1, false, o.padding()));
        bn3 = child("bn3", o.norm(out));
        se = seReduction > 0 ? child("se", BasicBlock.seModule(out, seReduction)) : null;
        if (stride != 1 || in != out) {
            downsample = child("downsample", new Sequential()
                    .add(new Conv2d(in, out, 1, stride, 1, false, Padding.SYMMETRIC))
                    .add(o.norm(out)));
        } else {
            downsample = null;
        }
    }

    @Override
    public void setStride(int stride) {
        conv2.setStride(stride);
        if (downsample != null) {
            ((Conv2d) downsample.get(0)).setStride(stride);
        } else if (stride != 1) {
            throw new IllegalArgumentException("this block has no downsample path, so its stride must stay 1");
        }
    }

    @Override
    public int stride() {
        return conv2.stride();
    }

    @Override
    public Shape trace(Shape input, ShapeVisitor v) {
        Shape x = v.visit("conv1", conv1, input);
        x = v.visit("bn1", bn1, x);
        x = v.visit("conv2", conv2, x);
        x = v.visit("bn2", bn2, x);
        x = v.visit("conv3", conv3, x);
        x = v.visit("bn3", bn3, x);
        if (se != null) {
            x = v.visit("se", se, x);
        }
        if (downsample != null) {
            v.visit("downsample", downsample, input);
        }
        return x;
    }

    @Override
    protected NDArray branch(ParameterStore ps, NDArray x, boolean training) {
        Chain c = new Chain(x)
                .then(v -> conv1.forward(ps, v, training)).then(v -> bn1.forward(ps, v, training)).then(v -> Activations.apply(act, v))
                .then(v -> conv2.forward(ps, v, training)).then(v -> bn2.forward(ps, v, training)).then(v -> Activations.apply(act, v))
                .then(v -> conv3.forward(ps, v, training)).then(v -> bn3.forward(ps, v, training));
        return se != null ? c.then(v -> se.forward(ps, v, training)).result() : c.result();
    }

    @Override
    protected NDArray shortcut(ParameterStore ps, NDArray x, boolean training) {
        return downsample != null ? downsample.forward(ps, x, training) : x;
    }

    @Override
    protected NDArray afterSum(NDArray sum) {
        return Activations.apply(act, sum);
    }
}
