package org.efficientmixnet.cli;

import org.efficientmixnet.arch.NetworkConfig;
import java.util.List;
import org.efficientmixnet.surgery.Surgery;
import org.efficientmixnet.surgery.SurgerySpec;
import org.efficientmixnet.surgery.SurgeryStep;
import org.efficientmixnet.models.ModelSpec;
import org.efficientmixnet.weights.PretrainedRegistry;
import picocli.CommandLine.Option;

/** The options that choose and shape a network, shared by every command that builds one. */
public final class ModelOptions {
    @Option(names = "--in-chans", description = "input channels (default: 3)")
    Integer inChannels;

    @Option(names = "--classes", description = "classifier outputs; 0 removes the classifier (default: when training, the "
            + "number of classes in the data; a run's own for eval and predict; otherwise 1000, ImageNet's)")
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

    @Option(names = "--surgery", description = "change the network, e.g. \"stem-stride=1,insert=4\" or "
            + "\"stem-stride=1,no-stem-pool,classes=2\" (README: Surgery)")
    String surgery;

    /** The network as named by the options, surgery included, as the training API records it ({@link ModelSpec}). */
    public ModelSpec spec(String name) {
        return ModelSpec.builder(name).blocks(blocks).width(width).depth(depth).inChannels(inChannels).classes(classes)
                .resolution(resolution).pool(pool).drop(drop).dropPath(dropPath).act(act).norm(norm).surgery(surgery)
                .build();
    }

    /** The surgery steps given with --surgery (none when absent). */
    public List<SurgeryStep> surgerySteps() {
        return SurgerySpec.parse(surgery);
    }

    /**
     * Any named network (EfficientNet family or ResNet) or the custom block-string network, options and then
     * surgery applied; each surgery step's before/after line is added to {@code changes} when given.
     */
    public NetworkConfig network(String name, List<String> changes) {
        NetworkConfig c = baseNetwork(name);
        return surgery == null ? c : Surgery.plan(c, surgerySteps(), changes);
    }

    public NetworkConfig network(String name) {
        return network(name, null);
    }

    /** The network before surgery (for commands that apply the surgery to weights themselves). */
    public NetworkConfig baseNetwork(String name) {
        return spec(name).base();
    }

    /** The network of a model name that may carry a weights tag, as timm writes them: efficientnet_b0.ra_in1k. */
    static String architecture(String modelName) {
        int dot = modelName.indexOf('.');
        return dot < 0 ? modelName : modelName.substring(0, dot);
    }

    /** The pretrained weights a model name chooses with --pretrained: its tag, or the preset's default. */
    static String weightsName(String modelName) {
        if (modelName == null) {
            throw new IllegalArgumentException("--pretrained needs --model NAME (a preset, optionally with a weights tag)");
        }
        return PretrainedRegistry.get(modelName).name();
    }

    /** With pretrained weights and no --resolution: the input size they were evaluated at (timm's data config). */
    void resolutionOf(String weightsName) {
        if (weightsName != null && resolution == null) {
            resolution = PretrainedRegistry.get(weightsName).inputSize()[1];
        }
    }
}
