package org.efficientmixnet.weights;

import java.util.Arrays;

/**
 * Where a preset's pretrained weights live on the Hugging Face hub and how its images must be prepared, as timm's
 * pretrained config states it ({@code default_cfgs}).
 *
 * @param name          timm's full name, {@code architecture.tag} ({@code efficientnet_b0.ra_in1k})
 * @param repo          hub repository ({@code timm/efficientnet_b0.ra_in1k})
 * @param file          weight file inside it ({@code model.safetensors})
 * @param inputSize     channels, height, width
 * @param cropPct       centre-crop fraction at evaluation: resize the short side to size / cropPct, then crop
 * @param cropMode      {@code center} or {@code squash} (resize without keeping the aspect ratio)
 * @param interpolation {@code bicubic} or {@code bilinear}
 * @param mean          per-channel mean of 0..1 RGB
 * @param std           per-channel standard deviation
 * @param numClasses    classifier outputs
 */
public record PretrainedConfig(String name, String repo, String file, int[] inputSize, double cropPct,
                               String cropMode, String interpolation, double[] mean, double[] std, int numClasses) {
    public static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406};
    public static final double[] IMAGENET_STD = {0.229, 0.224, 0.225};
    public static final double[] INCEPTION_MEAN = {0.5, 0.5, 0.5};
    public static final double[] INCEPTION_STD = {0.5, 0.5, 0.5};

    public PretrainedConfig {
        inputSize = inputSize.clone();
        mean = mean.clone();
        std = std.clone();
    }

    /** The architecture part of the name ({@code efficientnet_b0}). */
    public String architecture() {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /** The tag part of the name ({@code ra_in1k}). */
    public String tag() {
        int dot = name.indexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }

    @Override
    public int[] inputSize() {
        return inputSize.clone();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    @Override
    public String toString() {
        return name + " (" + repo + "/" + file + ", input " + Arrays.toString(inputSize) + ", crop " + cropPct + " "
                + cropMode + ", " + interpolation + ", mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std) + ")";
    }
}
