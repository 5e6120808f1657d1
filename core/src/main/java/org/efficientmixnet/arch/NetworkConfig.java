package org.efficientmixnet.arch;

/** The description of any network we build: the EfficientNet family or ResNet. */
public sealed interface NetworkConfig permits ModelConfig, ResNetConfig {
    String name();

    int inChannels();

    /** 0 = no classifier. */
    int numClasses();

    int resolution();

    /** The product of every stride on the way to the last feature map. */
    int totalStride();

    ModelConfig.Pooling pooling();

    /** A copy with the options that every network shares applied (null fields keep the current value). */
    NetworkConfig with(CommonOptions options);

    /** The options every network takes; a null field leaves the setting as it is. */
    record CommonOptions(Integer inChannels, Integer numClasses, Integer resolution, ModelConfig.Pooling pooling,
            Double dropRate, Double dropPathRate, ActivationType activation, NormType norm) {
        public static CommonOptions none() {
            return new CommonOptions(null, null, null, null, null, null, null, null);
        }
    }
}
