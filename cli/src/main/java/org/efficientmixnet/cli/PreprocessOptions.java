package org.efficientmixnet.cli;

import org.efficientmixnet.train.data.Augment;
import picocli.CommandLine.Option;

/** How images become inputs: resizing and normalization, plus the training augmentations. */
public final class PreprocessOptions {
    @Option(names = "--resize", defaultValue = "auto",
            description = "auto: scale the shorter side to the resolution; none: never resample (only /255 and normalize)")
    String resize;

    @Option(names = "--normalize", defaultValue = "imagenet",
            description = "mean/std: imagenet, inception, none, or MEAN/STD such as 0.5,0.5,0.5/0.25,0.25,0.25")
    String normalize;

    Augment eval() {
        return new Augment(resize, false, false, false, false, false, 0, normalize);
    }
}
