package org.efficientmixnet.train.data;

import java.util.SplittableRandom;

/** One step of preprocessing or augmentation. Random transforms draw only from the generator they are given. */
@FunctionalInterface
public interface Transform {
    Pixels apply(Pixels in, SplittableRandom rng);
}
