package org.efficientmixnet.nn;

import org.efficientmixnet.arch.ActivationType;
import org.efficientmixnet.arch.NormType;
import org.efficientmixnet.arch.Padding;

/**
 * The choices a block inherits from its network once the block string's own overrides are applied:
 * activation, normalization (and its epsilon, momentum and mixture count) and padding.
 */
public record LayerOptions(ActivationType activation, NormType norm, int mixtures, double bnEps, double bnMomentum,
        Padding padding) {

    public Norm2d norm(int channels) {
        return Norm2d.create(norm, channels, bnEps, bnMomentum, mixtures);
    }

    public LayerOptions withActivation(ActivationType a) {
        return new LayerOptions(a, norm, mixtures, bnEps, bnMomentum, padding);
    }

    public LayerOptions withNorm(NormType n, int m) {
        return new LayerOptions(activation, n, m, bnEps, bnMomentum, padding);
    }
}
