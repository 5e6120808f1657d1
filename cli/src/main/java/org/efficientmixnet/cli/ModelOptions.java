package org.efficientmixnet.cli;

import org.efficientmixnet.arch.ModelConfig;
import org.efficientmixnet.train.ModelSpec;
import picocli.CommandLine.Option;

/** The options that choose and shape a network, shared by every command that builds one. */
public final class ModelOptions {
    @Option(names = "--in-chans", description = "input channels (default: 3)")
    Integer inChannels;

    @Option(names = "--classes", description = "classifier outputs; 0 removes the classifier (default: 1000)")
    Integer classes;

    @Option(names = {"--resolution", "--img-size"}, description = "input resolution (default: the preset's)")
    Integer resolution;

    @Option(names = "--pool", description = "global pooling: avg, max, avgmax, none")
    String pool;

    @Option(names = "--drop", description = "dropout rate before the classifier")
    Double drop;

    @Option(names = "--drop-path", description = "drop-path (stochastic depth) rate of the last block")
    Double dropPath;

    @Option(names = "--act", description = "activation: relu, relu6, swish (silu), mish, hard_swish, hard_sigmoid, gelu")
    String act;

    @Option(names = "--norm", description = "normalization: batchnorm, frozen_batchnorm, attentive, iebn")
    String norm;

    @Option(names = "--blocks", description = "a custom architecture: block strings, stages separated by ';', "
            + "blocks of a stage by ','; NAME then names the network")
    String blocks;

    @Option(names = "--width", description = "width (channel) multiplier, with --blocks")
    Double width;

    @Option(names = "--depth-mult", description = "depth multiplier, with --blocks")
    Double depth;

    /** The network as named by the options (the Java API's {@link ModelSpec}). */
    public ModelSpec spec(String name) {
        return new ModelSpec(name, blocks, width, depth, inChannels, classes, resolution, pool, drop, dropPath, act, norm);
    }

    /** The preset (or the custom block-string network) with every given option applied. */
    public ModelConfig config(String name) {
        return spec(name).config();
    }
}
