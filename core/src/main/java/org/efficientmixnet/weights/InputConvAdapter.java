package org.efficientmixnet.weights;

/**
 * Adapts a pretrained stem convolution (O×3×k×k) to another number of input channels the way timm does:
 * one channel gets the sum over R, G, B; N channels get R, G, B repeated and cut to N, scaled by 3/N, so
 * that the response to an input whose channels are equal stays the same.
 */
public final class InputConvAdapter {
    private InputConvAdapter() {
    }

    public static TensorData adapt(TensorData weight, int inChannels, String key) {
        long[] s = weight.shape();
        if (s.length != 4) {
            throw new IllegalArgumentException("'" + key + "' is not a convolution weight: shape " + java.util.Arrays.toString(s));
        }
        int in = (int) s[1];
        if (in == inChannels) {
            return weight;
        }
        if (inChannels < 1) {
            throw new IllegalArgumentException("input channels must be ≥ 1, got " + inChannels);
        }
        if (in != 3) {
            throw new IllegalArgumentException("'" + key + "' has " + in + " input channels; only 3-channel stems can be"
                    + " adapted to " + inChannels);
        }
        float[] w = weight.toFloatArray();
        int o = (int) s[0];
        int kk = (int) (s[2] * s[3]);
        float[] out = new float[o * inChannels * kk];
        for (int oc = 0; oc < o; oc++) {
            for (int c = 0; c < inChannels; c++) {
                for (int k = 0; k < kk; k++) {
                    float v;
                    if (inChannels == 1) {
                        v = w[(oc * 3) * kk + k] + w[(oc * 3 + 1) * kk + k] + w[(oc * 3 + 2) * kk + k];
                    } else {
                        v = (float) (w[(oc * 3 + c % 3) * kk + k] * (3.0 / inChannels));
                    }
                    out[(oc * inChannels + c) * kk + k] = v;
                }
            }
        }
        return TensorData.ofFloats(new long[] {o, inChannels, s[2], s[3]}, out);
    }
}
