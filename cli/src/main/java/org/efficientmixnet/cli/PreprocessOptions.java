package org.efficientmixnet.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.efficientmixnet.train.data.Augment;
import org.efficientmixnet.weights.PretrainedConfig;
import org.efficientmixnet.weights.PretrainedRegistry;
import picocli.CommandLine.Option;

/** How images become inputs: resizing and normalization, plus the training augmentations. */
public final class PreprocessOptions {
    @Option(names = "--resize", defaultValue = "auto",
            description = "auto: scale the shorter side to the resolution; none: never resample (only /255 and normalize)")
    String resize;

    @Option(names = "--normalize",
            description = "mean/std: imagenet, inception, none, or MEAN/STD such as 0.5,0.5,0.5/0.25,0.25,0.25 "
                    + "(default: the pretrained weights' own, else imagenet)")
    String normalize;

    @Option(names = "--crop-pct", description = "evaluation: scale the shorter side to resolution / CROP_PCT, then "
            + "keep the centre, as timm's crop_pct (default: the pretrained weights' own, e.g. 0.875, else 1)")
    Double cropPct;

    @Option(names = "--interpolation", description = "resizing filter: bilinear or bicubic, as Pillow computes them "
            + "(default: the pretrained weights' own, else bilinear)")
    String interpolation;

    /** The resizing filter: the one given, else that of the pretrained weights named, else bilinear. */
    String interpolationFor(String pretrainedName) {
        if (interpolation != null || pretrainedName == null) {
            return interpolation;
        }
        return PretrainedRegistry.get(pretrainedName).interpolation();
    }

    /** The evaluation crop: the one given, else that of the pretrained weights named, else none (1). */
    double cropPctFor(String pretrainedName) {
        if (cropPct != null) {
            if (!(cropPct > 0 && cropPct <= 1)) {
                throw new IllegalArgumentException("--crop-pct must be in (0, 1], got " + cropPct);
            }
            return cropPct;
        }
        return pretrainedName == null ? 1 : PretrainedRegistry.get(pretrainedName).cropPct();
    }

    /**
     * The normalization to use: the one given, else that of the pretrained weights named (timm's data config,
     * e.g. inception's 0.5/0.5 for tf_efficientnet_b0.ap_in1k), else ImageNet's.
     */
    String normalizeFor(String pretrainedName) {
        if (normalize != null) {
            return normalize;
        }
        if (pretrainedName == null) {
            return "imagenet";
        }
        PretrainedConfig pc = PretrainedRegistry.get(pretrainedName);
        return join(pc.mean()) + "/" + join(pc.std());
    }

    private static String join(double[] v) {
        return Arrays.stream(v).mapToObj(d -> String.format(Locale.ROOT, "%s", d)).collect(Collectors.joining(","));
    }

    Augment eval(String pretrainedName) {
        return new Augment(resize, false, false, false, false, false, 0, normalizeFor(pretrainedName),
                cropPctFor(pretrainedName), interpolationFor(pretrainedName));
    }
}
