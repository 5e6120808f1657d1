package org.efficientmixnet.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
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
import org.efficientmixnet.nn.Conv2d;
import org.efficientmixnet.nn.ConvNormAct;
import org.efficientmixnet.nn.DepthwiseSeparable;
import org.efficientmixnet.nn.EdgeResidual;
import org.efficientmixnet.nn.InvertedResidual;
import org.efficientmixnet.nn.Layer;
import org.efficientmixnet.nn.LayerOptions;
import org.efficientmixnet.nn.Linear;
import org.efficientmixnet.nn.Norm2d;
import org.efficientmixnet.nn.ResidualBlock;
import org.efficientmixnet.nn.Sequential;

/**
 * The EfficientNet family (EfficientNet, -Lite, MixNet and any block-string network) as one DJL block with
 * timm's structure and names: {@code conv_stem}, {@code bn1}, {@code blocks.S.B…}, {@code conv_head}, {@code bn2},
 * {@code classifier}. Built from a {@link ModelConfig} exactly as timm's EfficientNetBuilder builds it.
 */
public final class EfficientNet extends Layer {
    private final ModelConfig config;
    private Block convStem;
    private Norm2d bn1;
    private final Sequential blocks;
    private final Conv2d convHead;
    private final Norm2d bn2;
    private Linear classifier;
    private final int numFeatures;
    private ModelConfig.Pooling pooling;
    private double dropRate;
    private final List<Integer> stageOutChannels = new ArrayList<>();

    public EfficientNet(ModelConfig c) {
        this.config = c;
        this.pooling = c.pooling();
        this.dropRate = c.dropRate();
        LayerOptions base = new LayerOptions(c.activation(), c.norm(), c.attentiveMixtures(), c.bnEps(), c.bnMomentum(),
                c.padding());
        int stem = c.scaledStemSize();
        convStem = child("conv_stem", new Conv2d(c.inChannels(), stem, 3, c.stemStride(), 1, false, c.padding()));
        bn1 = child("bn1", base.norm(stem));

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

    public ModelConfig config() { return config; }
    public Block convStem() { return convStem; }
    public Norm2d bn1() { return bn1; }
    public Sequential blocks() { return blocks; }
    public Conv2d convHead() { return convHead; }
    public Linear classifier() { return classifier; }
    /** Channels entering the pooling (the head conv's, or the last stage's without one). */
    public int numFeatures() { return numFeatures; }
    public List<Integer> stageOutChannels() { return List.copyOf(stageOutChannels); }
    public ModelConfig.Pooling pooling() { return pooling; }
    public double dropRate() { return dropRate; }

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

    /** Shape of the pre-pool features for a given input shape. */
    public Shape featureShape(Shape input) {
        Shape x = stemShape(input);
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
        x = v.visit("blocks", blocks, x);
        if (convHead != null) {
            x = v.visit("conv_head", convHead, x);
            x = v.visit("bn2", bn2, x);
        }
        if (pooling == ModelConfig.Pooling.NONE) {
            return x;
        }
        Shape pooled = new Shape(x.get(0), x.get(1));
        return classifier == null ? pooled : v.visit("classifier", classifier, pooled);
    }

    /** Stem, blocks and head: the pre-pool feature map. */
    public NDArray forwardFeatures(ParameterStore ps, NDArray x, boolean training) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray y = Activations.apply(config.activation(), bn1.forward(ps, run(convStem, ps, x, training), training));
            y = blocks.forward(ps, y, training);
            if (convHead != null) {
                y = Activations.apply(config.activation(), bn2.forward(ps, convHead.forward(ps, y, training), training));
            }
            NDScope.unregister(y);
            return y;
        }
    }

    /** Global pooling of a feature map, (N, C, H, W) → (N, C). */
    public static NDArray pool(NDArray f, ModelConfig.Pooling pooling) {
        return switch (pooling) {
            case AVG -> avg(f);
            case MAX -> max(f);
            case AVGMAX -> {
                try (NDArray a = avg(f); NDArray m = max(f); NDArray s = a.add(m);
                        NDArray half = org.efficientmixnet.nn.NativeScalar.of(f, 0.5)) {
                    yield s.mul(half);
                }
            }
            case NONE -> f;
        };
    }

    /** DJL's PyTorch max takes one axis only: flatten H and W first. */
    private static NDArray max(NDArray f) {
        Shape s = f.getShape();
        try (NDArray flat = f.reshape(s.get(0), s.get(1), s.get(2) * s.get(3))) {
            return flat.max(new int[] {2});
        }
    }

    private static NDArray avg(NDArray f) {
        return org.efficientmixnet.nn.NativeScalar.spatialMean(f);
    }

    /** Pooling, dropout and classifier on a feature map. */
    public NDArray forwardHead(ParameterStore ps, NDArray features, boolean training) {
        if (pooling == ModelConfig.Pooling.NONE) {
            return features;
        }
        NDArray p = pool(features, pooling);
        if (classifier == null) {
            return p;
        }
        NDArray d = p;
        if (training && dropRate > 0) {
            d = ai.djl.nn.norm.Dropout.dropout(p, (float) dropRate, true).singletonOrThrow();
            p.close();
        }
        NDArray out = classifier.forward(ps, d, training);
        d.close();
        return out;
    }

    @Override
    public NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        NDArray f = forwardFeatures(ps, x, training);
        NDArray out = forwardHead(ps, f, training);
        if (out != f) {
            f.close();
        }
        return out;
    }
}
