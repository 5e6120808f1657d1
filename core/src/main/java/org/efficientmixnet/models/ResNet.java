package org.efficientmixnet.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.efficientmixnet.arch.Padding;
import org.efficientmixnet.arch.ResNetConfig;
import org.efficientmixnet.nn.Activations;
import org.efficientmixnet.nn.BasicBlock;
import org.efficientmixnet.nn.Bottleneck;
import org.efficientmixnet.nn.Chain;
import org.efficientmixnet.nn.Conv2d;
import org.efficientmixnet.nn.LayerOptions;
import org.efficientmixnet.nn.MemoryLayout;
import org.efficientmixnet.nn.Linear;
import org.efficientmixnet.nn.MaxPool2d;
import org.efficientmixnet.nn.Norm2d;
import org.efficientmixnet.nn.Sequential;

/**
 * ResNet-18/34/50 and SE-ResNet-18 with timm's names ({@code conv1}, {@code bn1}, {@code layer1.0.conv1}, …,
 * {@code fc}); the stem stride, the stem max pool and the stage strides follow the config, so the
 * steganalysis baseline (SE-ResNet-18 with stem pooling and strides disabled) is a config, not a fork.
 */
public final class ResNet extends Network {
    private final ResNetConfig config;
    private final Conv2d conv1;
    private final Norm2d bn1;
    private final MaxPool2d maxpool;
    private final List<Sequential> layers = new ArrayList<>();
    private final Linear fc;
    private final List<FeatureInfo> featureInfo = new ArrayList<>();

    public ResNet(ResNetConfig c) {
        super(c.pooling(), c.dropRate());
        this.config = c;
        LayerOptions o = new LayerOptions(c.activation(), c.norm(), 8, 1e-5, 0.1, Padding.SYMMETRIC);
        conv1 = child("conv1", new Conv2d(c.inChannels(), 64, 7, c.stemStride(), 1, false, Padding.SYMMETRIC));
        bn1 = child("bn1", o.norm(64));
        maxpool = c.stemPool() ? child("maxpool", new MaxPool2d(3, 2, 1)) : null;
        int reduction = c.stemStride();
        featureInfo.add(new FeatureInfo(0, 64, reduction, "act1"));
        reduction *= c.stemPool() ? 2 : 1;
        int in = 64;
        int[] planes = {64, 128, 256, 512};
        for (int s = 0; s < 4; s++) {
            Sequential stage = new Sequential();
            for (int b = 0; b < c.layers().get(s); b++) {
                int stride = b == 0 ? c.stageStrides().get(s) : 1;
                Block block = c.bottleneck()
                        ? new Bottleneck(in, planes[s], stride, c.seReduction(), o)
                        : new BasicBlock(in, planes[s], stride, c.seReduction(), o);
                stage.add(block);
                in = planes[s] * c.expansion();
            }
            layers.add(child("layer" + (s + 1), stage));
            reduction *= c.stageStrides().get(s);
            featureInfo.add(new FeatureInfo(s + 1, in, reduction, "layer" + (s + 1)));
        }
        fc = c.numClasses() > 0 ? child("fc", new Linear(in, c.numClasses())) : null;
    }

    @Override
    public ResNetConfig config() { return config; }

    @Override
    public Linear classifier() { return fc; }

    @Override
    public String classifierName() { return "fc"; }

    @Override
    public int numChannels() { return config.numFeatures(); }

    @Override
    public List<FeatureInfo> featureInfo() { return List.copyOf(featureInfo); }

    public Conv2d conv1() { return conv1; }

    public List<Sequential> layers() { return List.copyOf(layers); }

    @Override
    public Shape featureShape(Shape input) {
        return trace(input, ShapeVisitor.SHAPES, false);
    }

    @Override
    public Shape trace(Shape input, ShapeVisitor v) {
        return trace(input, v, true);
    }

    private Shape trace(Shape input, ShapeVisitor v, boolean head) {
        if (input.dimension() != 4 || input.get(1) != config.inChannels()) {
            throw new IllegalArgumentException("model '" + config.name() + "' takes " + config.inChannels()
                    + " input channels, got an input of shape " + input);
        }
        Shape x = v.visit("conv1", conv1, input);
        x = v.visit("bn1", bn1, x);
        if (maxpool != null) {
            x = v.visit("maxpool", maxpool, x);
        }
        for (int s = 0; s < 4; s++) {
            x = v.visit("layer" + (s + 1), layers.get(s), x);
        }
        return head ? headShape(x, v) : x;
    }

    /** Starts with the input in the format the network computes in (see {@link MemoryLayout}). */
    private Chain stem(ParameterStore ps, NDArray x, boolean training) {
        return new Chain(x).then(MemoryLayout::forCompute).then(v -> conv1.forward(ps, v, training)).then(v -> bn1.forward(ps, v, training))
                .then(v -> Activations.apply(config.activation(), v));
    }

    @Override
    public NDArray forwardFeatures(ParameterStore ps, NDArray x, boolean training) {
        return inOwnScopeOne(() -> {
            // each stage's input is closed once the next has read it (see Chain)
            Chain c = stem(ps, x, training);
            if (maxpool != null) {
                c.then(v -> maxpool.forward(ps, v, training));
            }
            for (Sequential stage : layers) {
                c.then(v -> stage.forward(ps, v, training));
            }
            return c.result();
        });
    }

    @Override
    public List<NDArray> forwardIntermediates(ParameterStore ps, NDArray x, int[] indices, boolean training) {
        Backbone.checkIndices(indices, featureInfo.size());
        int last = java.util.Arrays.stream(indices).max().orElse(0);
        NDArray[] levels = new NDArray[5];
        return inOwnScope(() -> {
            NDArray y = stem(ps, x, training).result();
            levels[0] = y;
            if (maxpool != null) {
                y = maxpool.forward(ps, y, training);
            }
            for (int s = 0; s < last; s++) {
                y = layers.get(s).forward(ps, y, training);
                levels[s + 1] = y;
            }
            List<NDArray> out = new ArrayList<>();
            for (int i : indices) {
                out.add(levels[i]);
            }
            return out;
        });
    }
}
