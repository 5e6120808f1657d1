package org.efficientmixnet.arch;

import java.util.List;

/**
 * A ResNet as timm builds it (He et al. 2016; SE variant Hu et al. 2018): 7×7 stem conv, batch norm, ReLU,
 * 3×3 max pool, four stages of basic or bottleneck blocks, global pooling and {@code fc}. The stem stride,
 * the stem pooling and each stage's stride can be changed, as steganalysis detectors need.
 *
 * @param seReduction squeeze-excitation reduction (16 for SE-ResNet), 0 for none
 * @param stageStrides stride of the first block of each stage (timm: 1, 2, 2, 2)
 */
public record ResNetConfig(String name, boolean bottleneck, List<Integer> layers, int seReduction, int inChannels,
        int numClasses, int resolution, int stemStride, boolean stemPool, List<Integer> stageStrides,
        Pooling pooling, double dropRate, NormType norm, ActivationType activation) implements NetworkConfig {

    public ResNetConfig {
        layers = List.copyOf(layers);
        stageStrides = List.copyOf(stageStrides);
        if (layers.size() != 4 || stageStrides.size() != 4) {
            throw new IllegalArgumentException("resnet '" + name + "': needs 4 stages, got layers " + layers
                    + " and strides " + stageStrides);
        }
        if (inChannels < 1) {
            throw new IllegalArgumentException("resnet '" + name + "': input channels must be ≥ 1, got " + inChannels);
        }
        if (numClasses < 0) {
            throw new IllegalArgumentException("resnet '" + name + "': number of classes must be ≥ 0, got " + numClasses);
        }
        for (int s : stageStrides) {
            if (s != 1 && s != 2) {
                throw new IllegalArgumentException("resnet '" + name + "': strides must be 1 or 2, got " + stageStrides);
            }
        }
        if (stemStride != 1 && stemStride != 2) {
            throw new IllegalArgumentException("resnet '" + name + "': stem stride must be 1 or 2, got " + stemStride);
        }
        if (pooling == Pooling.NONE && numClasses > 0) {
            throw new IllegalArgumentException("resnet '" + name + "': global pooling 'none' needs the classifier off (classes 0)");
        }
    }

    public static ResNetConfig of(String name, boolean bottleneck, List<Integer> layers, int seReduction) {
        return new ResNetConfig(name, bottleneck, layers, seReduction, 3, 1000, 224, 2, true, List.of(1, 2, 2, 2),
                Pooling.AVG, 0.0, NormType.BATCH_NORM, ActivationType.RELU);
    }

    public int expansion() {
        return bottleneck ? 4 : 1;
    }

    /** Channels of the final feature map. */
    public int numFeatures() {
        return 512 * expansion();
    }

    @Override
    public int totalStride() {
        int s = stemStride * (stemPool ? 2 : 1);
        for (int x : stageStrides) {
            s *= x;
        }
        return s;
    }

    @Override
    public int stemChannels() {
        return 64;
    }

    @Override
    public ResNetConfig withStemStride(int stride) {
        return new ResNetConfig(name, bottleneck, layers, seReduction, inChannels, numClasses, resolution, stride, stemPool,
                stageStrides, pooling, dropRate, norm, activation);
    }

    @Override
    public ResNetConfig withoutStemPool() {
        return new ResNetConfig(name, bottleneck, layers, seReduction, inChannels, numClasses, resolution, stemStride,
                false, stageStrides, pooling, dropRate, norm, activation);
    }

    @Override
    public ResNetConfig withoutStrides(int stages) {
        if (stages < 0 || stages > 4) {
            throw new IllegalArgumentException("stride removal: '" + name + "' has 4 stages, got " + stages);
        }
        List<Integer> s = new java.util.ArrayList<>(stageStrides);
        for (int i = 0; i < stages; i++) {
            s.set(i, 1);
        }
        return new ResNetConfig(name, bottleneck, layers, seReduction, inChannels, numClasses, resolution, stemStride,
                stemPool, s, pooling, dropRate, norm, activation);
    }

    @Override
    public ResNetConfig withNorm(NormType to) {
        return with(new CommonOptions(null, null, null, null, null, null, null, to));
    }

    @Override
    public ResNetConfig withActivation(ActivationType from, ActivationType to) {
        return from != null && activation != from ? this : with(new CommonOptions(null, null, null, null, null, null, to, null));
    }

    @Override
    public ResNetConfig with(CommonOptions o) {
        if (o.dropPathRate() != null && o.dropPathRate() > 0) {
            throw new IllegalArgumentException("resnet '" + name + "': drop path is not supported for ResNet");
        }
        return new ResNetConfig(name, bottleneck, layers, seReduction,
                o.inChannels() != null ? o.inChannels() : inChannels,
                o.numClasses() != null ? o.numClasses() : numClasses,
                o.resolution() != null ? o.resolution() : resolution, stemStride, stemPool, stageStrides,
                o.pooling() != null ? o.pooling() : pooling,
                o.dropRate() != null ? o.dropRate() : dropRate,
                o.norm() != null ? o.norm() : norm,
                o.activation() != null ? o.activation() : activation);
    }
}
