package org.efficientmixnet.models;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.IOException;
import org.efficientmixnet.arch.EfficientNetConfig;
import org.efficientmixnet.arch.NetworkConfig;
import org.efficientmixnet.arch.Presets;
import org.efficientmixnet.arch.ResNetConfig;
import org.efficientmixnet.weights.HubDownloader;
import org.efficientmixnet.weights.PretrainedConfig;
import org.efficientmixnet.weights.PretrainedRegistry;

/**
 * The one way to a network, as timm's {@code create_model(name, pretrained, **options)}:
 * <ul>
 * <li>{@link #create(String, boolean)} / {@link #create(ModelSpec, boolean)}: any network by name (EfficientNet
 * family, ResNets, block strings; see {@link Presets}) with its options and surgery ({@link ModelSpec}), initialized,
 * with the default pretrained weights when asked;</li>
 * <li>{@link #create(NetworkConfig)}: an initialized model of a description built by hand;</li>
 * <li>{@link #build(NetworkConfig)}: the network block alone, uninitialized (shapes, parameter counts, summaries).</li>
 * </ul>
 * Other weights, with their load reports: {@link ModelSpec#create(org.efficientmixnet.weights.StateDict)}.
 */
public final class Models {
    private Models() {
    }

    /**
     * timm's {@code create_model(name, pretrained)}: a network by name, nothing else changed; a tagged name
     * ({@code efficientnet_b0.ra_in1k}) chooses the pretrained weights too.
     */
    public static Model create(String name, boolean pretrained) throws IOException {
        return create(ModelSpec.preset(name), pretrained);
    }

    /**
     * timm's {@code create_model(name, pretrained, **options)}: the network {@code spec} names, initialized; with
     * {@code pretrained}, the registry's default weights of the named network (from the Hugging Face cache or hub,
     * configured by HF_HOME, HF_HUB_OFFLINE, HF_ENDPOINT) are loaded before surgery and carried over, the stem
     * adapted to other input channels and a classifier of another size left fresh.
     */
    public static Model create(ModelSpec spec, boolean pretrained) throws IOException {
        String weights = null;
        String n = spec.name();
        if (spec.blocks() == null && n != null && n.indexOf('.') > 0 && Presets.exists(n.substring(0, n.indexOf('.')))) {
            weights = n; // a tagged name, efficientnet_b0.ra_in1k: the architecture and the weights
            spec = spec.toBuilder().name(n.substring(0, n.indexOf('.'))).build();
        }
        if (!pretrained) {
            return create(spec.config());
        }
        String arch = spec.base().name();
        PretrainedConfig pc = PretrainedRegistry.get(weights != null ? weights : arch);
        return spec.create(Pretrained.read(pc, arch, new HubDownloader())).model();
    }

    /** An uninitialized network of any description: the EfficientNet family or a ResNet. */
    public static Network build(NetworkConfig config) {
        return config instanceof EfficientNetConfig e ? new EfficientNet(e) : new ResNet((ResNetConfig) config);
    }

    /** An initialized model of a description, on the default device (a GPU when DJL finds one), at its resolution. */
    public static Model create(NetworkConfig config) {
        checkResolution(config, config.resolution());
        Network net = build(config);
        Model model = Model.newInstance(config.name(), "PyTorch");
        model.setBlock(net);
        net.initialize(model.getNDManager(), DataType.FLOAT32, inputShape(config, 1, config.resolution()));
        return model;
    }

    public static Shape inputShape(NetworkConfig config, int batch, int resolution) {
        return new Shape(batch, config.inChannels(), resolution, resolution);
    }

    /** A resolution below the network's total stride leaves the last stages nothing to see. */
    public static void checkResolution(NetworkConfig config, int resolution) {
        int stride = config.totalStride();
        if (resolution < stride) {
            throw new IllegalArgumentException("resolution " + resolution + " is too small for model '" + config.name()
                    + "': its total stride is " + stride + ", so the input must be at least " + stride + "×" + stride);
        }
    }

    /** Parameters as PyTorch counts them: everything but running statistics (buffers). */
    public static long countParameters(Block block) {
        long n = 0;
        for (Parameter p : block.getParameters().values()) {
            if (isBuffer(p)) {
                continue;
            }
            n += p.getShape().size();
        }
        return n;
    }

    public static long countTrainable(Block block) {
        long n = 0;
        for (Parameter p : block.getParameters().values()) {
            if (!isBuffer(p) && p.requiresGradient()) {
                n += p.getShape().size();
            }
        }
        return n;
    }

    public static boolean isBuffer(Parameter p) {
        return p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR;
    }
}
