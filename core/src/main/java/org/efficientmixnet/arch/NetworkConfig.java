package org.efficientmixnet.arch;

import java.util.List;

/**
 * The description of any network we build: the EfficientNet family or ResNet. The surgery steps act on it through
 * the {@code with…} methods; a change a family does not have is an error naming the network.
 */
public sealed interface NetworkConfig permits EfficientNetConfig, ResNetConfig {
    String name();

    int inChannels();

    /** 0 = no classifier. */
    int numClasses();

    int resolution();

    /** The product of every stride on the way to the last feature map. */
    int totalStride();

    Pooling pooling();

    /** Output channels of the stem (the width post-stem blocks are inserted at). */
    int stemChannels();

    /** A copy with the options that every network shares applied (null fields keep the current value). */
    NetworkConfig with(CommonOptions options);

    /** The stem convolution's stride (1 or 2). */
    NetworkConfig withStemStride(int stride);

    /** Blocks inserted after the stem, as block specs with absolute channels. */
    default NetworkConfig withPostStem(List<BlockSpec> blocks) {
        throw new IllegalArgumentException("post-stem insertion is defined for EfficientNet-family networks, not '"
                + name() + "'");
    }

    /** Stride 1 in the first {@code stages} stages. */
    NetworkConfig withoutStrides(int stages);

    /** Without the max pooling after the stem. */
    default NetworkConfig withoutStemPool() {
        throw new IllegalArgumentException("'" + name() + "' has no stem pooling layer to remove");
    }

    /** Every normalization replaced, block overrides included. */
    NetworkConfig withNorm(NormType to);

    /** The activation {@code from} (null: every activation) replaced by {@code to} wherever it is used. */
    NetworkConfig withActivation(ActivationType from, ActivationType to);

    /** The options every network takes; a null field leaves the setting as it is. */
    record CommonOptions(Integer inChannels, Integer numClasses, Integer resolution, Pooling pooling,
            Double dropRate, Double dropPathRate, ActivationType activation, NormType norm) {
        public static CommonOptions none() {
            return new CommonOptions(null, null, null, null, null, null, null, null);
        }
    }
}
