package org.efficientmixnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;

/**
 * A 2-D transposed convolution as PyTorch's {@code nn.ConvTranspose2d} with symmetric padding: names and layout
 * {@code weight} in×out×k×k, {@code bias} out, so that a PyTorch state dict maps one to one. Output size
 * {@code (in − 1)·stride − 2·padding + kernel}. Used by generators (the adversarial-steganography encoder).
 *
 * <p>DJL 0.35.1's PyTorch engine does not implement deconvolution ("Not implemented"), so it is computed as what it
 * is, the adjoint of a strided convolution: zeros inserted between the input's pixels ({@code stride − 1} each way),
 * then a stride-1 convolution padded by {@code kernel − 1 − padding} with the kernel flipped and its in/out axes
 * swapped. Every step is a differentiable engine op, so autograd needs nothing more; it costs about stride² the
 * multiply-adds of a native transposed convolution.
 */
public final class ConvTranspose2d extends Layer {
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final Parameter weight;
    private final Parameter bias;

    /** Weights N(0, {@code std}), bias zero; the caller re-initializes when its recipe says otherwise. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernel, int stride, int padding, boolean bias, float std) {
        if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1 || padding < 0 || padding > kernel - 1) {
            throw new IllegalArgumentException("transposed convolution needs channels, kernel, stride ≥ 1 and padding ≥ 0, got in="
                    + inChannels + " out=" + outChannels + " k=" + kernel + " s=" + stride + " p=" + padding + " (padding at most kernel − 1)");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.weight = param("weight", Parameter.Type.WEIGHT, new Shape(inChannels, outChannels, kernel, kernel),
                new NormalInitializer(std), true);
        this.bias = bias ? param("bias", Parameter.Type.BIAS, new Shape(outChannels), Initializer.ZEROS, true) : null;
    }

    public int inChannels() { return inChannels; }
    public int outChannels() { return outChannels; }

    /** Output size along one axis for an input of {@code size}. */
    public long outSize(long size) {
        return (size - 1) * stride - 2L * padding + kernel;
    }

    @Override
    public Shape trace(Shape input, ShapeVisitor visitor) {
        if (input.dimension() != 4 || input.get(1) != inChannels) {
            throw new IllegalArgumentException("transposed convolution expects (N, " + inChannels + ", H, W), got " + input);
        }
        return new Shape(input.get(0), outChannels, outSize(input.get(2)), outSize(input.get(3)));
    }

    @Override
    public NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : ps.getValue(bias, x.getDevice(), training);
        int p = kernel - 1 - padding;
        try (NDArray swapped = w.transpose(1, 0, 2, 3); NDArray flipped = swapped.flip(2, 3)) {
            NDArray up = stride == 1 ? x : spreadOut(x, stride);
            NDArray y = ai.djl.nn.convolutional.Conv2d.conv2d(up, flipped, b, new Shape(1, 1), new Shape(p, p),
                    new Shape(1, 1), 1).singletonOrThrow();
            if (up != x) {
                up.close();
            }
            return y;
        }
    }

    /** {@code x} with {@code s − 1} zeros between neighbouring pixels: (N, C, H, W) → (N, C, (H−1)s+1, (W−1)s+1). */
    static NDArray spreadOut(NDArray x, int s) {
        Shape sh = x.getShape();
        long n = sh.get(0), c = sh.get(1), h = sh.get(2), w = sh.get(3);
        try (NDArray e = x.reshape(n, c, h, 1, w, 1); NDArray z = e.zerosLike()) {
            NDList columns = new NDList(e);
            for (int i = 1; i < s; i++) {
                columns.add(z);
            }
            try (NDArray row = NDArrays.concat(columns, 5); NDArray zr = row.zerosLike()) {
                NDList rows = new NDList(row);
                for (int i = 1; i < s; i++) {
                    rows.add(zr);
                }
                try (NDArray full = NDArrays.concat(rows, 3); NDArray flat = full.reshape(n, c, h * s, w * s)) {
                    return flat.get(new NDIndex(":, :, :{}, :{}", (h - 1) * s + 1, (w - 1) * s + 1));
                }
            }
        }
    }

    @Override
    public long macs(Shape input) {
        return input.get(2) * input.get(3) * (long) inChannels * outChannels * kernel * kernel;
    }

    @Override
    public String toString() {
        return "ConvTranspose2d(" + inChannels + ", " + outChannels + ", k=" + kernel + ", s=" + stride
                + (padding > 0 ? ", p=" + padding : "") + ")";
    }
}
