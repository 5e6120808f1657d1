package org.efficientmixnet.arch;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Everything needed to build an EfficientNet-family network, with no tensors: the block definitions and
 * the network-wide choices (scaling, stem, head, input, pooling, rates, activation, normalization, padding).
 * Immutable; {@link #toBuilder()} makes a changed copy.
 */
public final class ModelConfig implements NetworkConfig {
    /** Global pooling before the classifier. */
    public enum Pooling {
        AVG, MAX, AVGMAX, NONE;

        public static Pooling fromName(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "avg" -> AVG;
                case "max" -> MAX;
                case "avgmax" -> AVGMAX;
                case "none", "" -> NONE;
                default -> throw new IllegalArgumentException("unknown global pooling '" + s
                        + "'; expected avg, max, avgmax or none");
            };
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Blocks inserted after the stem (post-stem insertion), at the stem's width, the last one with stride 2. */
    public enum PostStemKind {
        /** Inverted residual (k3, expansion 6, SE 0.25); the first has no skip. */
        INVERTED_RESIDUAL,
        /** ResNet basic block with squeeze-excitation; the last has a stride-2 1×1 downsampling shortcut. */
        BASIC_SE;

        public static PostStemKind fromName(String s) {
            return switch (s.toLowerCase(Locale.ROOT).replace('-', '_')) {
                case "ir", "inverted_residual", "mbconv" -> INVERTED_RESIDUAL;
                case "basic", "basic_se", "resnet", "se_basic" -> BASIC_SE;
                default -> throw new IllegalArgumentException("unknown post-stem block kind '" + s
                        + "'; expected ir (inverted residual) or basic_se (ResNet basic block with SE)");
            };
        }
    }

    private final String name;
    private final List<List<BlockSpec>> arch;
    private final int postStemBlocks;
    private final PostStemKind postStemKind;
    private final double widthMultiplier;
    private final int channelDivisor;
    private final double depthMultiplier;
    private final Scaling.DepthTrunc depthTrunc;
    private final boolean fixFirstLast;
    private final int stemSize;
    private final boolean fixStem;
    private final int stemStride;
    private final int headChannels;
    private final int inChannels;
    private final int numClasses;
    private final int resolution;
    private final double dropRate;
    private final double dropPathRate;
    private final Pooling pooling;
    private final ActivationType activation;
    private final NormType norm;
    private final int attentiveMixtures;
    private final double bnEps;
    private final double bnMomentum;
    private final Padding padding;

    private ModelConfig(Builder b) {
        name = b.name;
        postStemBlocks = b.postStemBlocks;
        postStemKind = b.postStemKind;
        arch = b.arch.stream().map(List::copyOf).collect(Collectors.toUnmodifiableList());
        widthMultiplier = b.widthMultiplier;
        channelDivisor = b.channelDivisor;
        depthMultiplier = b.depthMultiplier;
        depthTrunc = b.depthTrunc;
        fixFirstLast = b.fixFirstLast;
        stemSize = b.stemSize;
        fixStem = b.fixStem;
        stemStride = b.stemStride;
        headChannels = b.headChannels;
        inChannels = b.inChannels;
        numClasses = b.numClasses;
        resolution = b.resolution;
        dropRate = b.dropRate;
        dropPathRate = b.dropPathRate;
        pooling = b.pooling;
        activation = b.activation;
        norm = b.norm;
        attentiveMixtures = b.attentiveMixtures;
        bnEps = b.bnEps;
        bnMomentum = b.bnMomentum;
        padding = b.padding;
        validate();
    }

    private void validate() {
        if (arch.isEmpty()) {
            throw new IllegalArgumentException("model '" + name + "': the architecture has no stages");
        }
        if (inChannels < 1) {
            throw new IllegalArgumentException("model '" + name + "': input channels must be ≥ 1, got " + inChannels);
        }
        if (numClasses < 0) {
            throw new IllegalArgumentException("model '" + name + "': number of classes must be ≥ 0, got " + numClasses);
        }
        if (resolution < 1) {
            throw new IllegalArgumentException("model '" + name + "': resolution must be ≥ 1, got " + resolution);
        }
        if (dropRate < 0 || dropRate >= 1) {
            throw new IllegalArgumentException("model '" + name + "': dropout rate must be in [0, 1), got " + dropRate);
        }
        if (dropPathRate < 0 || dropPathRate >= 1) {
            throw new IllegalArgumentException("model '" + name + "': drop-path rate must be in [0, 1), got " + dropPathRate);
        }
        if (widthMultiplier <= 0 || depthMultiplier <= 0) {
            throw new IllegalArgumentException("model '" + name + "': width and depth multipliers must be > 0");
        }
        if (stemStride != 1 && stemStride != 2) {
            throw new IllegalArgumentException("model '" + name + "': stem stride must be 1 or 2, got " + stemStride);
        }
        if (postStemBlocks < 0) {
            throw new IllegalArgumentException("model '" + name + "': post-stem blocks must be ≥ 0, got " + postStemBlocks);
        }
        if (attentiveMixtures < 1) {
            throw new IllegalArgumentException("model '" + name + "': attentive mixtures must be ≥ 1, got " + attentiveMixtures);
        }
        if (pooling == Pooling.NONE && numClasses > 0) {
            throw new IllegalArgumentException("model '" + name + "': global pooling 'none' needs the classifier off"
                    + " (classes 0): a classifier needs pooled features");
        }
    }

    public String name() { return name; }
    /** Blocks inserted after the stem (0 = none). */
    public int postStemBlocks() { return postStemBlocks; }
    public PostStemKind postStemKind() { return postStemKind; }
    public List<List<BlockSpec>> arch() { return arch; }
    public double widthMultiplier() { return widthMultiplier; }
    public int channelDivisor() { return channelDivisor; }
    public double depthMultiplier() { return depthMultiplier; }
    public Scaling.DepthTrunc depthTrunc() { return depthTrunc; }
    public boolean fixFirstLast() { return fixFirstLast; }
    public int stemSize() { return stemSize; }
    public boolean fixStem() { return fixStem; }
    public int stemStride() { return stemStride; }
    /** Channels of the head convolution ({@code conv_head}); 0 = no head convolution. */
    public int headChannels() { return headChannels; }
    public int inChannels() { return inChannels; }
    /** Classes of the classifier; 0 = no classifier (the network returns pooled features). */
    public int numClasses() { return numClasses; }
    /** Default input resolution (square). */
    public int resolution() { return resolution; }
    public double dropRate() { return dropRate; }
    public double dropPathRate() { return dropPathRate; }
    public Pooling pooling() { return pooling; }
    public ActivationType activation() { return activation; }
    public NormType norm() { return norm; }
    public int attentiveMixtures() { return attentiveMixtures; }
    public double bnEps() { return bnEps; }
    /** Batch-norm momentum in PyTorch's convention (weight of the new batch statistic). */
    public double bnMomentum() { return bnMomentum; }
    public Padding padding() { return padding; }

    public int roundChannels(int channels) {
        return Scaling.roundChannels(channels, widthMultiplier, channelDivisor, 0.9);
    }

    /** The stem's output channels after width scaling (unless fixed). */
    public int scaledStemSize() {
        return fixStem ? stemSize : roundChannels(stemSize);
    }

    /**
     * The blocks of every stage after depth scaling, each repeat its own spec with {@code r1}; as in timm, only the
     * first block of a stage keeps its stride.
     */
    public List<List<BlockSpec>> scaledStages() {
        List<List<BlockSpec>> out = new java.util.ArrayList<>();
        for (int si = 0; si < arch.size(); si++) {
            List<BlockSpec> stage = arch.get(si);
            boolean fixed = fixFirstLast && (si == 0 || si == arch.size() - 1);
            List<Integer> reps = Scaling.scaleStageDepth(stage.stream().map(BlockSpec::repeats).toList(),
                    fixed ? 1.0 : depthMultiplier, depthTrunc);
            List<BlockSpec> blocks = new java.util.ArrayList<>();
            for (int j = 0; j < stage.size(); j++) {
                for (int r = 0; r < reps.get(j); r++) {
                    BlockSpec s = stage.get(j).withRepeats(1);
                    blocks.add(blocks.isEmpty() ? s : s.withStride(1));
                }
            }
            out.add(blocks);
        }
        return out;
    }

    /** Total stride of the network (stem and every block stride). */
    public int totalStride() {
        int s = stemStride * (postStemBlocks > 0 ? 2 : 1);
        for (List<BlockSpec> st : arch) {
            s *= st.get(0).stride();
        }
        return s;
    }

    @Override
    public ModelConfig with(CommonOptions o) {
        Builder b = toBuilder();
        if (o.inChannels() != null) b.inChannels(o.inChannels());
        if (o.numClasses() != null) b.numClasses(o.numClasses());
        if (o.resolution() != null) b.resolution(o.resolution());
        if (o.pooling() != null) b.pooling(o.pooling());
        if (o.dropRate() != null) b.dropRate(o.dropRate());
        if (o.dropPathRate() != null) b.dropPathRate(o.dropPathRate());
        if (o.activation() != null) b.activation(o.activation());
        if (o.norm() != null) b.norm(o.norm());
        return b.build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder(String name, List<List<BlockSpec>> arch) {
        return new Builder(name, arch);
    }

    /** Builder with timm's defaults: width and depth 1, stem 32, head 1280, relu, batch norm, 1000 classes. */
    public static final class Builder {
        private String name;
        private List<List<BlockSpec>> arch;
        private int postStemBlocks;
        private PostStemKind postStemKind = PostStemKind.INVERTED_RESIDUAL;
        private double widthMultiplier = 1.0;
        private int channelDivisor = 8;
        private double depthMultiplier = 1.0;
        private Scaling.DepthTrunc depthTrunc = Scaling.DepthTrunc.CEIL;
        private boolean fixFirstLast;
        private int stemSize = 32;
        private boolean fixStem;
        private int stemStride = 2;
        private int headChannels = 1280;
        private int inChannels = 3;
        private int numClasses = 1000;
        private int resolution = 224;
        private double dropRate;
        private double dropPathRate;
        private Pooling pooling = Pooling.AVG;
        private ActivationType activation = ActivationType.RELU;
        private NormType norm = NormType.BATCH_NORM;
        private int attentiveMixtures = 8;
        private double bnEps = 1e-5;
        private double bnMomentum = 0.1;
        private Padding padding = Padding.SYMMETRIC;

        private Builder(String name, List<List<BlockSpec>> arch) {
            this.name = name;
            this.arch = arch;
        }

        private Builder(ModelConfig c) {
            name = c.name;
            arch = c.arch;
            postStemBlocks = c.postStemBlocks;
            postStemKind = c.postStemKind;
            widthMultiplier = c.widthMultiplier;
            channelDivisor = c.channelDivisor;
            depthMultiplier = c.depthMultiplier;
            depthTrunc = c.depthTrunc;
            fixFirstLast = c.fixFirstLast;
            stemSize = c.stemSize;
            fixStem = c.fixStem;
            stemStride = c.stemStride;
            headChannels = c.headChannels;
            inChannels = c.inChannels;
            numClasses = c.numClasses;
            resolution = c.resolution;
            dropRate = c.dropRate;
            dropPathRate = c.dropPathRate;
            pooling = c.pooling;
            activation = c.activation;
            norm = c.norm;
            attentiveMixtures = c.attentiveMixtures;
            bnEps = c.bnEps;
            bnMomentum = c.bnMomentum;
            padding = c.padding;
        }

        public Builder name(String v) { name = v; return this; }
        public Builder postStem(int count, PostStemKind kind) { postStemBlocks = count; postStemKind = kind; return this; }
        public Builder arch(List<List<BlockSpec>> v) { arch = v; return this; }
        public Builder widthMultiplier(double v) { widthMultiplier = v; return this; }
        public Builder channelDivisor(int v) { channelDivisor = v; return this; }
        public Builder depthMultiplier(double v) { depthMultiplier = v; return this; }
        public Builder depthTrunc(Scaling.DepthTrunc v) { depthTrunc = v; return this; }
        public Builder fixFirstLast(boolean v) { fixFirstLast = v; return this; }
        public Builder stemSize(int v) { stemSize = v; return this; }
        public Builder fixStem(boolean v) { fixStem = v; return this; }
        public Builder stemStride(int v) { stemStride = v; return this; }
        public Builder headChannels(int v) { headChannels = v; return this; }
        public Builder inChannels(int v) { inChannels = v; return this; }
        public Builder numClasses(int v) { numClasses = v; return this; }
        public Builder resolution(int v) { resolution = v; return this; }
        public Builder dropRate(double v) { dropRate = v; return this; }
        public Builder dropPathRate(double v) { dropPathRate = v; return this; }
        public Builder pooling(Pooling v) { pooling = v; return this; }
        public Builder activation(ActivationType v) { activation = v; return this; }
        public Builder norm(NormType v) { norm = v; return this; }
        public Builder attentiveMixtures(int v) { attentiveMixtures = v; return this; }
        public Builder bnEps(double v) { bnEps = v; return this; }
        public Builder bnMomentum(double v) { bnMomentum = v; return this; }
        public Builder padding(Padding v) { padding = v; return this; }

        public ModelConfig build() {
            return new ModelConfig(this);
        }
    }
}
