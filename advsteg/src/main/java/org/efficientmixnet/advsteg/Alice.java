package org.efficientmixnet.advsteg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.efficientmixnet.nn.BatchNorm2d;
import org.efficientmixnet.nn.ConvTranspose2d;
import org.efficientmixnet.nn.Layer;
import org.efficientmixnet.nn.Linear;
import org.efficientmixnet.nn.NativeScalar;
import org.efficientmixnet.nn.Sequential;

/**
 * The encoder: the cover, flattened and concatenated with the message, goes through a linear layer (so the message
 * can reach any region of the image) to a {@code width·8 × m × m} map, batch norm and ReLU, then four 5×5 stride-2
 * unpadded transposed convolutions ({@code width·4, ·2, ·1}, then the image's channels) with batch norm and ReLU
 * between them and tanh at the end: a stego in [−1, 1]. Names as the reference ({@code linear}, {@code bn1},
 * {@code layers.0} … {@code layers.10}); batch norms with PyTorch's default momentum 0.1, as there. In the
 * {@link Variant residual} variant the linear layer reads the message alone and the output, scaled by the variant's
 * strength, is added to the cover.
 */
public final class Alice extends Layer {
    private final AdvStegConfig config;
    private final Variant variant;
    private final Linear linear;
    private final BatchNorm2d bn1;
    private final Pointwise relu1;
    private final Sequential layers;

    public Alice(AdvStegConfig config) {
        this(config, Variant.REFERENCE);
    }

    /** Alice for {@code variant}: the same layers; with {@code residual} her output is added to the cover. */
    public Alice(AdvStegConfig config, Variant variant) {
        this.config = config;
        this.variant = variant;
        int w = config.width();
        linear = child("linear", new Linear(inputSize(config, variant), config.mapFeatures()));
        bn1 = child("bn1", new BatchNorm2d(w * 8, 1e-5, 0.1));
        relu1 = new Pointwise(Pointwise.Kind.RELU);
        Sequential s = new Sequential();
        int[] channels = {w * 8, w * 4, w * 2, w};
        for (int i = 0; i + 1 < channels.length; i++) {
            s.add(new ConvTranspose2d(channels[i], channels[i + 1], 5, 2, 0, true, Dcgan.STD));
            s.add(new BatchNorm2d(channels[i + 1], 1e-5, 0.1));
            s.add(new Pointwise(Pointwise.Kind.RELU));
        }
        s.add(new ConvTranspose2d(w, config.inChannels(), 5, 2, 0, true, Dcgan.STD));
        s.add(new Pointwise(Pointwise.Kind.TANH));
        layers = child("layers", s);
    }

    public AdvStegConfig config() {
        return config;
    }

    public Variant variant() {
        return variant;
    }

    /**
     * Values entering the linear layer: the flattened cover and the message (the reference), or the message alone
     * (the residual variant: the cover is added after the network, so it need not pass through it).
     */
    public static int inputSize(AdvStegConfig config, Variant variant) {
        return variant.residual() ? config.messageLength() : config.imageValues() + config.messageLength();
    }

    /**
     * The stego for {@code cover} (N, C, S, S) in [−1, 1] and {@code message} (N, L) of ±0.5 values: the network's
     * output (the reference), or {@code clamp(cover + strength·output, −1, 1)} (the residual variant).
     */
    public NDArray encode(ParameterStore ps, NDArray cover, NDArray message, boolean training) {
        Shape s = cover.getShape();
        int side = config.imageSize();
        if (s.dimension() != 4 || s.get(1) != config.inChannels() || s.get(2) != side || s.get(3) != side) {
            throw new IllegalArgumentException(config.sizeError("the cover batch " + s, s.dimension() == 4 ? s.get(2) : -1,
                    s.dimension() == 4 ? s.get(3) : -1) + " with " + config.inChannels() + " channel(s)");
        }
        if (!variant.residual()) {
            try (NDArray flat = cover.reshape(s.get(0), -1)) {
                return forward(ps, NDArrays.concat(new ai.djl.ndarray.NDList(flat, message), 1), training);
            }
        }
        NDArray residual = forward(ps, message, training);
        return cover.add(residual.mul(NativeScalar.of(residual, variant.strength()))).clip(-1f, 1f);
    }

    @Override
    public Shape trace(Shape input, ShapeVisitor visitor) {
        Shape h = visitor.visit("linear", linear, input);
        int m = config.mapSize();
        Shape map = new Shape(h.get(0), config.width() * 8L, m, m);
        return visitor.visit("layers", layers, visitor.visit("bn1", bn1, map));
    }

    /** {@code x}: the flattened cover and the message side by side, (N, C·S·S + L); the message alone, (N, L), in the residual variant. */
    @Override
    public NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        int m = config.mapSize();
        NDArray h = linear.forward(ps, x, training);
        NDArray map = h.reshape(h.getShape().get(0), config.width() * 8L, m, m);
        NDArray n = relu1.forward(ps, bn1.forward(ps, map, training), training);
        return layers.forward(ps, n, training);
    }
}
