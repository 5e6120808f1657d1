package org.efficientmixnet.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.efficientmixnet.arch.BlockSpec;
import org.efficientmixnet.arch.EfficientNetConfig;
import org.efficientmixnet.nn.Activations;
import org.efficientmixnet.nn.Chain;
import org.efficientmixnet.nn.Conv2d;
import org.efficientmixnet.nn.Fusion;
import org.efficientmixnet.nn.Layer;
import org.efficientmixnet.nn.MemoryLayout;
import org.efficientmixnet.nn.Linear;
import org.efficientmixnet.nn.Norm2d;
import org.efficientmixnet.nn.ResidualBlock;
import org.efficientmixnet.nn.Sequential;

/**
 * The EfficientNet family (EfficientNet, -Lite, MixNet and any block-string network) as one DJL block with
 * timm's structure and names: {@code conv_stem}, {@code bn1}, {@code blocks.S.B…}, {@code conv_head}, {@code bn2},
 * {@code classifier}. Built from an {@link EfficientNetConfig} by {@link EfficientNetBuilder}, as timm builds it.
 */
public final class EfficientNet extends Network {
    private final EfficientNetConfig config;
    private final Block convStem;
    private final Norm2d bn1;
    private final Sequential postStem;
    private final Sequential blocks;
    private final Conv2d convHead;
    private final Norm2d bn2;
    private final Linear classifier;
    private final int numFeatures;
    private final List<FeatureInfo> featureInfo = new ArrayList<>();

    public EfficientNet(EfficientNetConfig c) {
        super(c.pooling(), c.dropRate());
        this.config = c;
        EfficientNetBuilder builder = new EfficientNetBuilder(c);
        int stem = c.scaledStemSize();
        convStem = child("conv_stem", new Conv2d(c.inChannels(), stem, 3, c.stemStride(), 1, false, c.padding()));
        bn1 = child("bn1", builder.options().norm(stem));
        Sequential post = builder.postStem(stem);
        postStem = post != null ? child("post_stem", post) : null;
        List<BlockSpec> inserted = c.expandedPostStem();
        int in = inserted.isEmpty() ? stem : inserted.get(inserted.size() - 1).outChannels();
        blocks = child("blocks", new Sequential());
        List<Integer> stageOut = new ArrayList<>();
        for (Sequential stage : builder.stages(in)) {
            blocks.add(stage);
            in = ((ResidualBlock) stage.get(stage.size() - 1)).outChannels();
            stageOut.add(in);
        }
        // feature levels as timm's feature_info: the end of each stage followed by a strided stage, and the last
        List<List<BlockSpec>> stages = c.arch();
        int reduction = c.postStemStride();
        for (int si = 0; si < stages.size(); si++) {
            reduction *= stages.get(si).get(0).stride();
            boolean last = si == stages.size() - 1;
            if (last || stages.get(si + 1).get(0).stride() > 1) {
                featureInfo.add(new FeatureInfo(featureInfo.size(), stageOut.get(si), reduction, "blocks." + si));
            }
        }
        if (c.headChannels() > 0) {
            convHead = child("conv_head", new Conv2d(in, c.headChannels(), 1, 1, 1, false, c.padding()));
            bn2 = child("bn2", builder.options().norm(c.headChannels()));
            numFeatures = c.headChannels();
        } else {
            convHead = null;
            bn2 = null;
            numFeatures = in;
        }
        classifier = c.numClasses() > 0 ? child("classifier", new Linear(numFeatures, c.numClasses())) : null;
    }

    @Override
    public EfficientNetConfig config() { return config; }
    /** The blocks inserted after the stem, or null. */
    public Sequential postStem() { return postStem; }
    public Block convStem() { return convStem; }
    public Norm2d bn1() { return bn1; }
    public Sequential blocks() { return blocks; }
    public Conv2d convHead() { return convHead; }
    @Override
    public Linear classifier() { return classifier; }
    @Override
    public String classifierName() { return "classifier"; }
    /** Channels entering the pooling (the head conv's, or the last stage's without one). */
    public int numFeatures() { return numFeatures; }

    @Override
    public int numChannels() { return numFeatures; }

    @Override
    public List<FeatureInfo> featureInfo() { return List.copyOf(featureInfo); }

    @Override
    public Shape featureShape(Shape input) {
        Shape x = stemShape(input);
        if (postStem != null) {
            x = postStem.trace(x, ShapeVisitor.SHAPES);
        }
        x = blocks.trace(x, ShapeVisitor.SHAPES);
        if (convHead != null) {
            x = convHead.trace(x, ShapeVisitor.SHAPES);
        }
        return x;
    }

    private Shape stemShape(Shape input) {
        if (input.dimension() != 4) {
            throw new IllegalArgumentException("input must be (N, C, H, W), got " + input);
        }
        if (input.get(1) != config.inChannels()) {
            throw new IllegalArgumentException("model '" + config.name() + "' takes " + config.inChannels()
                    + " input channels, got an input of shape " + input);
        }
        return ShapeVisitor.SHAPES.visit("conv_stem", convStem, input);
    }

    @Override
    public Shape trace(Shape input, ShapeVisitor v) {
        stemShape(input);
        Shape x = v.visit("conv_stem", convStem, input);
        x = v.visit("bn1", bn1, x);
        if (postStem != null) {
            x = v.visit("post_stem", postStem, x);
        }
        x = v.visit("blocks", blocks, x);
        if (convHead != null) {
            x = v.visit("conv_head", convHead, x);
            x = v.visit("bn2", bn2, x);
        }
        return headShape(x, v);
    }

    /** Starts with the input in the format the network computes in (see {@link MemoryLayout}). */
    private Chain stem(ParameterStore ps, NDArray x, boolean training) {
        Chain c = convNormAct(new Chain(x).then(MemoryLayout::forCompute), convStem, bn1, ps, training);
        return postStem != null ? c.then(v -> postStem.forward(ps, v, training)) : c;
    }

    /**
     * Convolution, norm and the network's activation: one fused call where {@link Fusion#convActivation} can,
     * convolution and norm as one where {@link Fusion#convNorm} can.
     */
    private Chain convNormAct(Chain c, Block conv, Block norm, ParameterStore ps, boolean training) {
        NDArray fused = Fusion.convActivation(conv, norm, config.activation(), ps, c.result(), training);
        if (fused != null) {
            return c.then(v -> fused);
        }
        NDArray convNorm = Fusion.convNorm(conv, norm, ps, c.result(), training);
        if (convNorm != null) {
            return c.then(v -> convNorm).then(v -> Activations.apply(config.activation(), v));
        }
        return c.then(v -> run(conv, ps, v, training)).then(v -> run(norm, ps, v, training))
                .then(v -> Activations.apply(config.activation(), v));
    }

    /** Stem, blocks and head: the pre-pool feature map. */
    @Override
    public NDArray forwardFeatures(ParameterStore ps, NDArray x, boolean training) {
        return inOwnScopeOne(() -> {
            // each stage's input is closed once the next has read it (see Chain)
            Chain c = stem(ps, x, training).then(v -> blocks.forward(ps, v, training));
            if (convHead != null) {
                convNormAct(c, convHead, bn2, ps, training);
            }
            return c.result();
        });
    }

    /** The stage (index into {@code blocks}) whose output feature level {@code i} is. */
    private int stageOf(int i) {
        return Integer.parseInt(featureInfo.get(i).module().substring("blocks.".length()));
    }

    @Override
    public List<NDArray> forwardIntermediates(ParameterStore ps, NDArray x, int[] indices, boolean training) {
        Backbone.checkIndices(indices, featureInfo.size());
        int lastStage = java.util.Arrays.stream(indices).map(this::stageOf).max().orElse(0);
        java.util.Map<Integer, NDArray> byStage = new java.util.HashMap<>();
        return inOwnScope(() -> {
            NDArray y = stem(ps, x, training).result();
            for (int si = 0; si <= lastStage; si++) {
                y = blocks.get(si) instanceof Layer l ? l.forward(ps, y, training) : y;
                byStage.put(si, y);
            }
            List<NDArray> out = new ArrayList<>();
            for (int i : indices) {
                out.add(byStage.get(stageOf(i)));
            }
            return out;
        });
    }
}
