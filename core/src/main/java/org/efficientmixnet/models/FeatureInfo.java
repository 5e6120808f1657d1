package org.efficientmixnet.models;

/**
 * One intermediate output a backbone can give, as timm's {@code feature_info}: its channels, its reduction
 * (input size / feature size) and the module that produces it.
 */
public record FeatureInfo(int index, int channels, int reduction, String module) {
}
