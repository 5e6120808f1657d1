package org.efficientmixnet.arch;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything needed to build an EfficientNet-family network (EfficientNet, -Lite, MixNet, any block-string
 * network), with no tensors: the block definitions, the blocks inserted after the stem, and the network-wide
 * choices (scaling, stem, head, input, pooling, rates, activation, normalization, padding). Immutable;
 * {@link #toBuilder()} makes a changed copy. The builder's defaults are timm's for the family
 * ({@code _gen_efficientnet}): swish, and a head of {@code round_channels(1280, width)} unless set.
 */
public final class EfficientNetConfig implements NetworkConfig {
    private final String name;
    private final List<List<BlockSpec>> arch;
    private final List<BlockSpec> postStem;
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

    private EfficientNetConfig(Builder b) {
        name = b.name;
        postStem = List.copyOf(b.postStem);
        arch = b.arch.stream().map(List::copyOf).collect(Collectors.toUnmodifiableList());
        widthMultiplier = b.widthMultiplier;
        channelDivisor = b.channelDivisor;
        depthMultiplier = b.depthMultiplier;
        depthTrunc = b.depthTrunc;
        fixFirstLast = b.fixFirstLast;
        stemSize = b.stemSize;
        fixStem = b.fixStem;
        stemStride = b.stemStride;
        headChannels = b.headChannels != null ? b.headChannels : Scaling.roundChannels(DEFAULT_HEAD, b.widthMultiplier);
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
        if (headChannels < 0) {
            throw new IllegalArgumentException("model '" + name + "': head channels must be ≥ 0, got " + headChannels);
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
    /**
     * The blocks inserted after the stem (empty: none), as block specs; their channels are absolute (not width
     * scaled: they are inserted into a network whose stem width is known), repeats expand as in a stage.
     */
    public List<BlockSpec> postStem() { return postStem; }
    /** The number of blocks inserted after the stem (0 = none). */
    public int postStemBlocks() { return postStem.stream().mapToInt(BlockSpec::repeats).sum(); }
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
            out.add(expand(stage, reps, false));
        }
        return out;
    }

    /**
     * The post-stem blocks one spec per block: repeats expanded, each definition's first repeat keeping its stride
     * (they are separate insertions, not one stage).
     */
    public List<BlockSpec> expandedPostStem() {
        return expand(postStem, postStem.stream().map(BlockSpec::repeats).toList(), true);
    }

    /**
     * Each definition repeated, each repeat its own spec with {@code r1}; only the first block keeps its stride (of
     * the stage, or with {@code perDefinition} of each definition).
     */
    private static List<BlockSpec> expand(List<BlockSpec> defs, List<Integer> reps, boolean perDefinition) {
        List<BlockSpec> blocks = new java.util.ArrayList<>();
        for (int j = 0; j < defs.size(); j++) {
            for (int r = 0; r < reps.get(j); r++) {
                BlockSpec s = defs.get(j).withRepeats(1);
                boolean first = r == 0 && (perDefinition || j == 0);
                blocks.add(first ? s : s.withStride(1));
            }
        }
        return blocks;
    }

    /** The stem's stride times the strides of the blocks inserted after it. */
    public int postStemStride() {
        int s = stemStride;
        for (BlockSpec b : expandedPostStem()) {
            s *= b.stride();
        }
        return s;
    }

    /** Total stride of the network (stem and every block stride). */
    public int totalStride() {
        int s = postStemStride();
        for (List<BlockSpec> st : arch) {
            s *= st.get(0).stride();
        }
        return s;
    }

    @Override
    public int stemChannels() {
        return scaledStemSize();
    }

    @Override
    public EfficientNetConfig withStemStride(int stride) {
        return toBuilder().stemStride(stride).build();
    }

    @Override
    public EfficientNetConfig withPostStem(List<BlockSpec> blocks) {
        return toBuilder().postStem(blocks).build();
    }

    @Override
    public EfficientNetConfig withoutStrides(int stages) {
        if (stages < 0 || stages > arch.size()) {
            throw new IllegalArgumentException("stride removal: '" + name + "' has " + arch.size() + " stages, got " + stages);
        }
        List<List<BlockSpec>> a = new java.util.ArrayList<>();
        for (int i = 0; i < arch.size(); i++) {
            List<BlockSpec> st = new java.util.ArrayList<>(arch.get(i));
            if (i < stages) {
                st.set(0, st.get(0).withStride(1));
            }
            a.add(st);
        }
        return toBuilder().arch(a).build();
    }

    @Override
    public EfficientNetConfig withNorm(NormType to) {
        return toBuilder().arch(mapBlocks(arch, b -> b.norm() == null ? b
                        : b.withNorm(to, to == NormType.ATTENTIVE ? b.mixtures() : null)))
                .postStem(mapBlocks(List.of(postStem), b -> b.norm() == null ? b
                        : b.withNorm(to, to == NormType.ATTENTIVE ? b.mixtures() : null)).get(0))
                .norm(to).build();
    }

    @Override
    public EfficientNetConfig withActivation(ActivationType from, ActivationType to) {
        java.util.function.UnaryOperator<BlockSpec> f = b -> b.activation() != null && (from == null || b.activation() == from)
                ? b.withActivation(to) : b;
        Builder b = toBuilder().arch(mapBlocks(arch, f)).postStem(mapBlocks(List.of(postStem), f).get(0));
        if (from == null || activation == from) {
            b.activation(to);
        }
        return b.build();
    }

    private static List<List<BlockSpec>> mapBlocks(List<List<BlockSpec>> stages, java.util.function.UnaryOperator<BlockSpec> f) {
        return stages.stream().map(st -> st.stream().map(f).toList()).toList();
    }

    @Override
    public EfficientNetConfig with(CommonOptions o) {
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

    /** The head's width before width scaling: {@code round_channels(1280, width)} is the default head (timm). */
    public static final int DEFAULT_HEAD = 1280;

    /**
     * Builder with timm's defaults for the family: width and depth 1, stem 32, head round_channels(1280, width),
     * swish, batch norm, 1000 classes, 224 pixels.
     */
    public static final class Builder {
        private String name;
        private List<List<BlockSpec>> arch;
        private List<BlockSpec> postStem = List.of();
        private double widthMultiplier = 1.0;
        private int channelDivisor = 8;
        private double depthMultiplier = 1.0;
        private Scaling.DepthTrunc depthTrunc = Scaling.DepthTrunc.CEIL;
        private boolean fixFirstLast;
        private int stemSize = 32;
        private boolean fixStem;
        private int stemStride = 2;
        private Integer headChannels;
        private int inChannels = 3;
        private int numClasses = 1000;
        private int resolution = 224;
        private double dropRate;
        private double dropPathRate;
        private Pooling pooling = Pooling.AVG;
        private ActivationType activation = ActivationType.SWISH;
        private NormType norm = NormType.BATCH_NORM;
        private int attentiveMixtures = 8;
        private double bnEps = 1e-5;
        private double bnMomentum = 0.1;
        private Padding padding = Padding.SYMMETRIC;

        private Builder(String name, List<List<BlockSpec>> arch) {
            this.name = name;
            this.arch = arch;
        }

        private Builder(EfficientNetConfig c) {
            name = c.name;
            arch = c.arch;
            postStem = c.postStem;
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
        /** Blocks inserted after the stem (absolute channels), e.g. {@code PostStemKind.INVERTED_RESIDUAL.blocks(4, 32)}. */
        public Builder postStem(List<BlockSpec> v) { postStem = List.copyOf(v); return this; }
        public Builder arch(List<List<BlockSpec>> v) { arch = v; return this; }
        public Builder widthMultiplier(double v) { widthMultiplier = v; return this; }
        public Builder channelDivisor(int v) { channelDivisor = v; return this; }
        public Builder depthMultiplier(double v) { depthMultiplier = v; return this; }
        public Builder depthTrunc(Scaling.DepthTrunc v) { depthTrunc = v; return this; }
        public Builder fixFirstLast(boolean v) { fixFirstLast = v; return this; }
        public Builder stemSize(int v) { stemSize = v; return this; }
        public Builder fixStem(boolean v) { fixStem = v; return this; }
        public Builder stemStride(int v) { stemStride = v; return this; }
        /** Channels of the head convolution (0: none); unset, round_channels(1280, width). */
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

        public EfficientNetConfig build() {
            return new EfficientNetConfig(this);
        }
    }
}
