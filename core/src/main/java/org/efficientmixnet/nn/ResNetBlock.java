package org.efficientmixnet.nn;

import org.efficientmixnet.arch.ActivationType;
import org.efficientmixnet.arch.Padding;
import org.efficientmixnet.arch.Scaling;

/**
 * What ResNet's basic and bottleneck blocks share: the optional squeeze-excitation ({@code se}) at the end of the
 * branch, the 1×1 convolution and norm on the shortcut ({@code downsample.0}/{@code .1}, timm's names) when the
 * stride or the width changes, and the activation after the sum.
 */
public abstract class ResNetBlock extends ResidualBlock {

    protected ResNetBlock(int in, int out, LayerOptions o) {
        super(in, out, true, 0.0);
        activateSum(o.activation());
    }

    /**
     * Adds {@code se} and {@code downsample} after the branch's own layers (timm's order of the state dict); called
     * last by the constructors with the block's stride.
     */
    protected final void finish(int stride, int seReduction, LayerOptions o) {
        if (seReduction > 0) {
            then("se", seModule(outChannels, seReduction));
        }
        if (stride != 1 || inChannels != outChannels) {
            shortcut("downsample", new Sequential()
                    .add(new Conv2d(inChannels, outChannels, 1, stride, 1, false, Padding.SYMMETRIC))
                    .add(o.norm(outChannels)));
        }
    }

    /** timm's SEModule: reduced width make_divisible(c / reduction, 8) with no 10 % rule, ReLU, sigmoid gate. */
    static SqueezeExcite seModule(int channels, int reduction) {
        int rd = Scaling.makeDivisible(channels / (double) reduction, 8, null, 0.0);
        return new SqueezeExcite(channels, rd, ActivationType.RELU, ActivationType.SIGMOID, "fc1", "fc2");
    }
}
