package org.efficientmixnet.models;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.function.UnaryOperator;
import org.efficientmixnet.arch.ModelConfig;
import org.efficientmixnet.arch.NetworkConfig;
import org.efficientmixnet.arch.ResNetConfig;
import org.efficientmixnet.arch.Presets;

/**
 * Turns a preset name or a {@link ModelConfig} into a network: {@link #build} gives the uninitialized block
 * (enough for parameter counts and shapes), {@link #create} an initialized DJL {@link Model}.
 */
public final class Models {
    private Models() {
    }

    public static EfficientNet build(ModelConfig config) {
        return new EfficientNet(config);
    }

    /** Any network: the EfficientNet family or a ResNet. */
    public static Network build(NetworkConfig config) {
        if (config instanceof ModelConfig m) {
            return new EfficientNet(m);
        }
        return new ResNet((ResNetConfig) config);
    }

    /** An EfficientNet-family preset or a ResNet by name, uninitialized. */
    public static Network buildNetwork(String name) {
        return build(Presets.network(name));
    }

    public static EfficientNet build(String name) {
        return build(Presets.get(name));
    }

    /** A preset with options changed, e.g. {@code c -> c.inChannels(1).numClasses(2)}. */
    public static ModelConfig config(String name, UnaryOperator<ModelConfig.Builder> options) {
        return options.apply(Presets.get(name).toBuilder()).build();
    }

    /** An initialized model on the default device (a GPU when DJL finds one), for inputs of the config's resolution. */
    public static Model create(NetworkConfig config) {
        return create(config, null);
    }

    /** An initialized EfficientNet-family preset or ResNet, by name. */
    public static Model create(String name) {
        return create(Presets.network(name));
    }

    /**
     * timm's {@code create_model(name, pretrained=True)}: the preset with its default pretrained weights from the
     * Hugging Face cache or hub (configured by HF_HOME, HF_HUB_OFFLINE, HF_ENDPOINT), or a bare one when
     * {@code pretrained} is false. {@link Pretrained} has the variants with options, tags and files.
     */
    public static Model create(String name, boolean pretrained) throws java.io.IOException {
        return pretrained ? Pretrained.create(name).model() : create(name);
    }

    public static Model create(NetworkConfig config, Device device) {
        checkResolution(config, config.resolution());
        Network net = build(config);
        Model model = device == null ? Model.newInstance(config.name(), "PyTorch")
                : Model.newInstance(config.name(), device, "PyTorch");
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
