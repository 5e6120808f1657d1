package org.efficientmixnet.models;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * A network used as a feature extractor. EfficientNet, MixNet and ResNet implement it, so swapping one backbone
 * for another is one line.
 */
public interface Backbone {
    /** Channels of the final feature map (1792 for efficientnet_b4, 2048 for resnet50). */
    int numChannels();

    /** The intermediate outputs available by index (timm's {@code out_indices}). */
    List<FeatureInfo> featureInfo();

    /** The final (pre-pool) feature map. */
    NDArray forwardFeatures(ParameterStore ps, NDArray x, boolean training);

    /**
     * The feature maps at the given indices of {@link #featureInfo()}, in the order asked; an index out of
     * range is an error naming the valid range.
     */
    List<NDArray> forwardIntermediates(ParameterStore ps, NDArray x, int[] indices, boolean training);

    static void checkIndices(int[] indices, int count) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("no feature index given; valid indices are 0.." + (count - 1));
        }
        for (int i : indices) {
            if (i < 0 || i >= count) {
                throw new IllegalArgumentException("feature index " + i + " is out of range: this network has "
                        + count + " feature levels, 0.." + (count - 1));
            }
        }
    }
}
