package org.efficientmixnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.efficientmixnet.arch.ActivationType;
import org.efficientmixnet.arch.Padding;
import org.efficientmixnet.arch.Scaling;

/**
 * ResNet's basic block (two 3×3 convs) with timm's names: {@code conv1}, {@code bn1}, {@code conv2}, {@code bn2},
 * optional {@code se} ({@code fc1}, {@code fc2}), and {@code downsample.0}/{@code downsample.1} (1×1 conv and norm)
 * when the stride or width changes. The activation follows the sum.
 */
public final class BasicBlock extends ResidualBlock {
    private final Conv2d conv1;
    private final Norm2d bn1;
    private final Conv2d conv2;
    private final Norm2d bn2;
    private final SqueezeExcite se;
    private final Sequential downsample;
    private final ActivationType act;

    public BasicBlock(int in, int planes, int stride, int seReduction, LayerOptions o) {
        super(in, planes, true, 0.0);
        act = o.activation();
        conv1 = child("conv1", new Conv2d(in, planes, 3, stride, 1, false, o.padding()));
        bn1 = child("bn1", o.norm(planes));
        conv2 = child("conv2", new Conv2d(planes, planes, 3, 1, 1, false, o.padding()));
        bn2 = child("bn2", o.norm(planes));
        se = seReduction > 0 ? child("se", seModule(planes, seReduction)) : null;
        if (stride != 1 || in != planes) {
            downsample = child("downsample", new Sequential()
                    .add(new Conv2d(in, planes, 1, stride, 1, false, Padding.SYMMETRIC))
                    .add(o.norm(planes)));
        } else {
            downsample = null;
        }
    }

    /** timm's SEModule: reduced width make_divisible(c / reduction, 8) with no 10 % rule, ReLU, sigmoid gate. */
    static SqueezeExcite seModule(int channels, int reduction) {
        int rd = Scaling.makeDivisible(channels / (double) reduction, 8, null, 0.0);
        return new SqueezeExcite(channels, rd, ActivationType.RELU, ActivationType.SIGMOID, "fc1", "fc2");
    }

    @Override
    public void setStride(int stride) {
        conv1.setStride(stride);
        if (downsample != null) {
            ((Conv2d) downsample.get(0)).setStride(stride);
        } else if (stride != 1) {
            throw new IllegalArgumentException("this block has no downsample path, so its stride must stay 1");
        }
    }

    @Override
    public int stride() {
        return conv1.stride();
    }

    @Override
    public Shape trace(Shape input, ShapeVisitor v) {
        Shape x = v.visit("conv1", conv1, input);
        x = v.visit("bn1", bn1, x);
        x = v.visit("conv2", conv2, x);
        x = v.visit("bn2", bn2, x);
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
                .then(v -> conv2.forward(ps, v, training)).then(v -> bn2.forward(ps, v, training));
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
