package org.efficientmixnet.train;

import org.efficientmixnet.arch.ActivationType;
import org.efficientmixnet.arch.BlockStrings;
import org.efficientmixnet.arch.ModelConfig;
import org.efficientmixnet.arch.NormType;
import org.efficientmixnet.arch.Presets;
import org.efficientmixnet.arch.Scaling;

/**
 * A network as the user named it: a preset (or a block-string network) and the options changed, every field
 * optional. Saved in a run's config so that the same network can be rebuilt for resume, eval and predict.
 */
public record ModelSpec(String name, String blocks, Double width, Double depth, Integer inChannels, Integer classes,
        Integer resolution, String pool, Double drop, Double dropPath, String act, String norm) {

    public static ModelSpec preset(String name) {
        return new ModelSpec(name, null, null, null, null, null, null, null, null, null, null, null);
    }

    public ModelSpec withClasses(int n) {
        return new ModelSpec(name, blocks, width, depth, inChannels, n, resolution, pool, drop, dropPath, act, norm);
    }

    public ModelSpec withResolution(int r) {
        return new ModelSpec(name, blocks, width, depth, inChannels, classes, r, pool, drop, dropPath, act, norm);
    }

    public ModelSpec withInChannels(int c) {
        return new ModelSpec(name, blocks, width, depth, c, classes, resolution, pool, drop, dropPath, act, norm);
    }

    /** The preset (or the block-string network) with every given option applied. */
    public ModelConfig config() {
        ModelConfig.Builder b;
        if (blocks != null) {
            b = ModelConfig.builder(name == null ? "custom" : name, BlockStrings.parseArch(blocks))
                    .activation(ActivationType.SWISH);
            if (width != null) {
                b.widthMultiplier(width).headChannels(Scaling.roundChannels(1280, width));
            }
            if (depth != null) {
                b.depthMultiplier(depth);
            }
        } else {
            if (name == null) {
                throw new IllegalArgumentException("give a model name (see `emn models`) or --blocks");
            }
            b = Presets.get(name).toBuilder();
        }
        if (inChannels != null) {
            b.inChannels(inChannels);
        }
        if (classes != null) {
            b.numClasses(classes);
        }
        if (resolution != null) {
            b.resolution(resolution);
        }
        if (pool != null) {
            b.pooling(ModelConfig.Pooling.fromName(pool));
        }
        if (drop != null) {
            b.dropRate(drop);
        }
        if (dropPath != null) {
            b.dropPathRate(dropPath);
        }
        if (act != null) {
            b.activation(ActivationType.fromName(act));
        }
        if (norm != null) {
            b.norm(NormType.fromName(norm));
        }
        return b.build();
    }
}
