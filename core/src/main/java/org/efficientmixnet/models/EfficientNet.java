package org.efficientmixnet.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.efficientmixnet.arch.ActivationType;
import org.efficientmixnet.arch.BlockSpec;
import org.efficientmixnet.arch.ModelConfig;
import org.efficientmixnet.arch.NormType;
import org.efficientmixnet.arch.Scaling;
import org.efficientmixnet.nn.Activations;
import org.efficientmixnet.nn.Chain;
import org.efficientmixnet.nn.Conv2d;
import org.efficientmixnet.nn.ConvNormAct;
import org.efficientmixnet.nn.DepthwiseSeparable;
import org.efficientmixnet.nn.EdgeResidual;
import org.efficientmixnet.nn.InvertedResidual;
import org.efficientmixnet.nn.Layer;
import org.efficientmixnet.nn.LayerOptions;
import org.efficientmixnet.nn.MemoryLayout;
import org.efficientmixnet.nn.Linear;
import org.efficientmixnet.nn.Norm2d;
import org.efficientmixnet.nn.ResidualBlock;
import org.efficientmixnet.nn.Sequential;

/**
 * The EfficientNet family (EfficientNet, -Lite, MixNet and any block-string network) as one DJL block with
 * timm's structure and names: {@code conv_stem}, {@code bn1}, {@code blocks.S.B…}, {@code conv_head}, {@code bn2},
 * {@code classifier}. Built from a {@link ModelConfig} exactly as timm's EfficientNetBuilder builds it.
 */
public final class EfficientNet extends Network {
    private final ModelConfig config;
    private Block convStem;
    private Norm2d bn1;
    private final Sequential postStem;
    private final Sequential blocks;
    private final Conv2d convHead;
    private final Norm2d bn2;
    private Linear classifier;
    private final int numFeatures;
    private final List<Integer> stageOutChannels = new ArrayList<>();
    private final List<FeatureInfo> featureInfo = new ArrayList<>();

    public EfficientNet(ModelConfig c) {
        super(c.pooling(), c.dropRate());
        this.config = c;
        LayerOptions base = new LayerOptions(c.activation(), c.norm(), c.attentiveMixtures(), c.bnEps(), c.bnMomentum(),
                c.padding());
        int stem = c.scaledStemSize();
        convStem = child("conv_stem", new Conv2d(c.inChannels(), stem, 3, c.stemStride(), 1, false, c.padding()));
        bn1 = child("bn1", base.norm(stem));
        postStem = c.postStemBlocks() > 0 ? child("post_stem", postStem(c, stem, base)) : null;

        List<List<BlockSpec>> stages = c.scaledStages();
        int total = stages.stream().mapToInt(List::size).sum();
        blocks = child("blocks", new Sequential());
        int in = stem;
        int idx = 0;
        for (List<BlockSpec> stage : stages) {
            Sequential seq = new Sequential();
            for (BlockSpec s : stage) {
                double dpr = c.dropPathRate() * idx / total;
                int out = c.roundChannels(s.outChannels());
                seq.add(makeBlock(s, in, out, dpr, base, c));
                in = out;
                idx++;
            }
            blocks.add(seq);
            stageOutChannels.add(in);
        }
        // feature levels as timm's feature_info: the end of each stage followed by a strided stage, and the last
        int reduction = c.stemStride() * (postStem != null ? 2 : 1);
        for (int si = 0; si < stages.size(); si++) {
            reduction *= stages.get(si).get(0).stride();
            boolean last = si == stages.size() - 1;
            if (last || stages.get(si + 1).get(0).stride() > 1) {
                featureInfo.add(new FeatureInfo(featureInfo.size(), stageOutChannels.get(si), reduction, "blocks." + si));
            }
        }
        if (c.headChannels() > 0) {
            convHead = child("conv_head", new Conv2d(in, c.headChannels(), 1, 1, 1, false, c.padding()));
            bn2 = child("bn2", base.norm(c.headChannels()));
            numFeatures = c.headChannels();
        } else {
            convHead = null;
            bn2 = null;
            numFeatures = in;
        }
        if (c.numClasses() > 0) {
            classifier = child("classifier", new Linear(numFeatures, c.numClasses()));
        }
    }

    private static Sequential postStem(ModelConfig c, int width, LayerOptions o) {
        Sequential seq = new Sequential();
        int n = c.postStemBlocks();
        for (int i = 0; i < n; i++) {
            int stride = i == n - 1 ? 2 : 1;
            if (c.postStemKind() == ModelConfig.PostStemKind.INVERTED_RESIDUAL) {
                int mid = Scaling.makeDivisible(width * 6.0, 8);
                seq.add(new InvertedResidual(width, width, mid, List.of(3), List.of(1), List.of(1), stride,
                        (int) Scaling.pyRound(width * 0.25), i == 0, 0.0, o));
            } else {
                seq.add(new org.efficientmixnet.nn.BasicBlock(width, width, stride, 16, o));
            }
        }
        return seq;
    }

    private static Block makeBlock(BlockSpec s, int in, int out, double dpr, LayerOptions base, ModelConfig c) {
        LayerOptions o = base;
        if (s.activation() != null) {
            o = o.withActivation(s.activation());
        }
        if (s.norm() != null || s.mixtures() != null) {
            NormType n = s.norm() != null ? s.norm() : base.norm();
            o = o.withNorm(n, s.mixtures() != null ? s.mixtures() : base.mixtures());
        }
        double se = s.se();
        return switch (s.type()) {
            case DS, DSA -> new DepthwiseSeparable(in, out, s.kernels(), s.projectionKernels(), s.stride(),
                    se > 0 ? (int) Scaling.pyRound(in * se) : 0, s.type() == org.efficientmixnet.arch.BlockType.DSA,
                    s.type() == org.efficientmixnet.arch.BlockType.DSA || s.noSkip(), dpr, o);
            case IR -> {
                int mid = Scaling.makeDivisible(in * s.expansion(), 8);
                int rd = se > 0 ? (int) Scaling.pyRound(mid * (se / s.expansion())) : 0;
                yield new InvertedResidual(in, out, mid, s.kernels(), s.expansionKernels(), s.projectionKernels(),
                        s.stride(), rd, s.noSkip(), dpr, o);
            }
            case ER -> {
                int from = s.forceInChannels() != null ? c.roundChannels(s.forceInChannels()) : in;
                int mid = Scaling.makeDivisible(from * s.expansion(), 8);
                int rd = se > 0 ? (int) Scaling.pyRound(mid * (se / s.expansion())) : 0;
                yield new EdgeResidual(in, out, mid, s.kernels(), s.projectionKernels(), s.stride(), rd, s.noSkip(), dpr, o);
            }
            case CN -> new ConvNormAct(in, out, s.kernels().get(0), s.stride(), Boolean.TRUE.equals(s.skip()), dpr, o);
        };
    }

    @Override
    public ModelConfig config() { return config; }
    /** The blocks inserted after the stem, or null. */
    public Sequential postStem() { return postStem; }
    public Block convStem() { return convStem; }
    public Norm2d bn1() { return bn1; }
    public Sequential blocks() { return blocks; }
    public Conv2d convHead() { return convHead; }
    @Override
    public Linear classifier() { return classifier; }
    /** Channels entering the pooling (the head conv's, or the last stage's without one). */
    public int numFeatures() { return numFeatures; }
    public List<Integer> stageOutChannels() { return List.copyOf(stageOutChannels); }

    @Override
    public int numChannels() { return numFeatures; }

    @Override
    public List<FeatureInfo> featureInfo() { return List.copyOf(featureInfo); }

    /** Every residual block in order, with its global index. */
    public List<ResidualBlock> residualBlocks() {
        List<ResidualBlock> out = new ArrayList<>();
        for (Block st : blocks.layers()) {
            for (Block b : ((Sequential) st).layers()) {
                if (b instanceof ResidualBlock r) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    @Override
    protected void onChildReplaced(String name, Block block) {
        switch (name) {
            case "conv_stem" -> convStem = block;
            case "bn1" -> bn1 = (Norm2d) block;
            case "classifier" -> classifier = (Linear) block;
            default -> throw new UnsupportedOperationException("replacing '" + name + "' is not supported");
        }
    }

    /** Swaps the classifier for {@code numClasses} outputs (0 removes it); the new layer must be initialized. */
    public Linear resetClassifier(int numClasses, ModelConfig.Pooling pool) {
        this.pooling = pool;
        if (pool == ModelConfig.Pooling.NONE && numClasses > 0) {
            throw new IllegalArgumentException("global pooling 'none' needs the classifier off (classes 0)");
        }
        Linear l = numClasses > 0 ? new Linear(numFeatures, numClasses) : null;
        if (classifier != null) {
            children.remove("classifier");
        }
        classifier = l;
        if (l != null) {
            children.add("classifier", l);
        }
        return l;
    }

    public void setDropRate(double rate) {
        if (rate < 0 || rate >= 1) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        this.dropRate = rate;
    }

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
        return headShape(x, v, "classifier");
    }

    /** Starts with the input in the format the network computes in (see {@link MemoryLayout}). */
    private Chain stem(ParameterStore ps, NDArray x, boolean training) {
        Chain c = new Chain(x).then(MemoryLayout::forCompute).then(v -> run(convStem, ps, v, training)).then(v -> bn1.forward(ps, v, training))
                .then(v -> Activations.apply(config.activation(), v));
        return postStem != null ? c.then(v -> postStem.forward(ps, v, training)) : c;
    }

    /** Stem, blocks and head: the pre-pool feature map. */
    @Override
    public NDArray forwardFeatures(ParameterStore ps, NDArray x, boolean training) {
        return inOwnScopeOne(() -> {
            // each stage's input is closed once the next has read it (see Chain)
            Chain c = stem(ps, x, training).then(v -> blocks.forward(ps, v, training));
            if (convHead != null) {
                c.then(v -> convHead.forward(ps, v, training)).then(v -> bn2.forward(ps, v, training))
                        .then(v -> Activations.apply(config.activation(), v));
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
