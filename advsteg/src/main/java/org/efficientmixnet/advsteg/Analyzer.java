package org.efficientmixnet.advsteg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.efficientmixnet.arch.Padding;
import org.efficientmixnet.nn.BatchNorm2d;
import org.efficientmixnet.nn.Conv2d;
import org.efficientmixnet.nn.Layer;
import org.efficientmixnet.nn.Linear;
import org.efficientmixnet.nn.Sequential;

/**
 * Bob and Eve share one trunk: four 5×5 stride-2 unpadded convolutions ({@code width}, ·2, ·4, ·8) with LeakyReLU
 * 0.2, batch norm after the last three (momentum 0.9 in PyTorch's convention, as the reference passes it), then a
 * linear layer: to the message bits and tanh for Bob (the decoder), to one logit for Eve (the steganalyzer). Names as
 * the reference ({@code layers.0} … {@code layers.10}, {@code linear}).
 */
public final class Analyzer extends Layer {
    private final AdvStegConfig config;
    private final Sequential layers;
    private final Linear linear;
    private final Pointwise tanh;

    private Analyzer(AdvStegConfig config, int outputs, boolean tanh) {
        this.config = config;
        int w = config.width();
        Sequential s = new Sequential();
        int[] channels = {config.inChannels(), w, w * 2, w * 4, w * 8};
        for (int i = 0; i + 1 < channels.length; i++) {
            s.add(new Conv2d(channels[i], channels[i + 1], 5, 2, 1, true, Padding.VALID));
            if (i > 0) {
                s.add(new BatchNorm2d(channels[i + 1], 1e-5, 0.9));
            }
            s.add(new Pointwise(Pointwise.Kind.LEAKY_RELU));
        }
        layers = child("layers", s);
        linear = child("linear", new Linear(config.mapFeatures(), outputs));
        this.tanh = tanh ? new Pointwise(Pointwise.Kind.TANH) : null;
    }

    /** Bob: the message estimate in [−1, 1] (trained towards ±0.5). */
    public static Analyzer bob(AdvStegConfig config) {
        return new Analyzer(config, config.messageLength(), true);
    }

    /** Eve: one logit, positive for "cover" (the reference labels covers 1 and stegos 0). */
    public static Analyzer eve(AdvStegConfig config) {
        return new Analyzer(config, 1, false);
    }

    public AdvStegConfig config() {
        return config;
    }

    @Override
    public Shape trace(Shape input, ShapeVisitor visitor) {
        int side = config.imageSize();
        if (input.dimension() != 4 || input.get(1) != config.inChannels() || input.get(2) != side || input.get(3) != side) {
            throw new IllegalArgumentException(config.sizeError("input " + input, input.dimension() == 4 ? input.get(2) : -1,
                    input.dimension() == 4 ? input.get(3) : -1));
        }
        Shape map = visitor.visit("layers", layers, input);
        return visitor.visit("linear", linear, new Shape(map.get(0), map.size() / map.get(0)));
    }

    @Override
    public NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        NDArray map = layers.forward(ps, x, training);
        NDArray out = linear.forward(ps, map.reshape(map.getShape().get(0), -1), training);
        return tanh == null ? out : tanh.forward(ps, out, training);
    }
}
