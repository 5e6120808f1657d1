package org.efficientmixnet.surgery;

import java.util.List;
import java.util.Locale;
import org.efficientmixnet.arch.ActivationType;
import org.efficientmixnet.arch.BlockSpec;
import org.efficientmixnet.arch.BlockStrings;
import org.efficientmixnet.arch.NetworkConfig;
import org.efficientmixnet.arch.NormType;
import org.efficientmixnet.arch.Pooling;
import org.efficientmixnet.arch.PostStemKind;

/**
 * One named change to a network's description. Steps change the config through its {@code with…} methods (a
 * network family without such a part refuses with its name); {@link Surgery} rebuilds the network and carries
 * every unchanged layer's weights over, so each step is small, testable and reversible.
 */
public sealed interface SurgeryStep {

    NetworkConfig apply(NetworkConfig c);

    String describe();

    /** Blocks one insertion may add: a deeper stem than this is a typo, and 100,000 would take gigabytes. */
    int MAX_INSERTED = 64;
    /** Input channels an adapted stem may take (hyperspectral cubes have a few hundred). */
    int MAX_CHANNELS = 4096;
    /** Classes of a new head (ImageNet-21k has 21,843). */
    int MAX_CLASSES = 100_000;

    /** Sets the stem convolution's stride (1 keeps full resolution through the stem). */
    record StemStride(int stride) implements SurgeryStep {
        public StemStride {
            if (stride != 1 && stride != 2) {
                throw new IllegalArgumentException("stem stride must be 1 or 2, got " + stride);
            }
        }

        @Override
        public NetworkConfig apply(NetworkConfig c) {
            return c.withStemStride(stride);
        }

        @Override
        public String describe() {
            return "stem stride → " + stride;
        }
    }

    /**
     * Inserts blocks after the stem: either {@code count} blocks of a named {@link PostStemKind} at the stem's width,
     * the last with stride 2 (so the rest of the network sees the resolution it was designed for once the stem
     * stride is 1), or any block specs ({@code blocks}, channels absolute). Only "stem" is a known place.
     */
    record InsertBlocks(String after, int count, PostStemKind kind, List<BlockSpec> blocks) implements SurgeryStep {
        public InsertBlocks {
            if (!"stem".equals(after)) {
                throw new IllegalArgumentException("unknown insertion place '" + after + "'; blocks can be inserted after: stem");
            }
            if (blocks == null) {
                if (count < 1 || count > MAX_INSERTED) {
                    throw new IllegalArgumentException("insert 1 to " + MAX_INSERTED + " blocks, got " + count);
                }
            } else {
                blocks = List.copyOf(blocks);
                if (blocks.isEmpty()) {
                    throw new IllegalArgumentException("insert at least one block, got none");
                }
                if (count > MAX_INSERTED) {
                    throw new IllegalArgumentException("insert 1 to " + MAX_INSERTED + " blocks, got " + count);
                }
            }
        }

        /** {@code count} blocks of a named kind. */
        public InsertBlocks(String after, int count, PostStemKind kind) {
            this(after, count, kind, null);
        }

        /** Any blocks, as block strings separated by ';' or spaces, e.g. {@code ir_r2_k3_s2_e6_c32_se0.25}. */
        public static InsertBlocks of(String blockStrings) {
            List<BlockSpec> specs = java.util.Arrays.stream(blockStrings.trim().split("[;\\s]+"))
                    .map(BlockStrings::parse).toList();
            return new InsertBlocks("stem", specs.stream().mapToInt(BlockSpec::repeats).sum(), null, specs);
        }

        @Override
        public NetworkConfig apply(NetworkConfig c) {
            return c.withPostStem(blocks != null ? blocks : kind.blocks(count, c.stemChannels()));
        }

        @Override
        public String describe() {
            return blocks != null
                    ? "insert " + blocks.stream().map(BlockStrings::format).collect(java.util.stream.Collectors.joining(";"))
                            + " after the stem"
                    : "insert " + count + " " + kind.name().toLowerCase(Locale.ROOT) + " block(s) after the stem";
        }
    }

    /** Sets the stride of the first {@code stages} stages to 1. */
    record RemoveStrides(int stages) implements SurgeryStep {
        @Override
        public NetworkConfig apply(NetworkConfig c) {
            return c.withoutStrides(stages);
        }

        @Override
        public String describe() {
            return "remove strides in the first " + stages + " stage(s)";
        }
    }

    /** Removes the stem's max pooling (ResNet). */
    record RemoveStemPooling() implements SurgeryStep {
        @Override
        public NetworkConfig apply(NetworkConfig c) {
            return c.withoutStemPool();
        }

        @Override
        public String describe() {
            return "remove stem pooling";
        }
    }

    /** Changes the stem's input channels; pretrained stem weights are adapted as timm does. */
    record InputChannels(int channels) implements SurgeryStep {
        public InputChannels {
            if (channels < 1 || channels > MAX_CHANNELS) {
                throw new IllegalArgumentException("input channels must be 1 to " + MAX_CHANNELS + ", got " + channels);
            }
        }

        @Override
        public NetworkConfig apply(NetworkConfig c) {
            return c.with(new NetworkConfig.CommonOptions(channels, null, null, null, null, null, null, null));
        }

        @Override
        public String describe() {
            return "input channels → " + channels;
        }
    }

    /**
     * A changed head: classes (0 = none; a new classifier starts random; null keeps the classifier), pooling and
     * dropout (null: unchanged).
     */
    record NewHead(Integer classes, Pooling pooling, Double dropRate) implements SurgeryStep {
        public NewHead {
            if (classes != null && (classes < 0 || classes > MAX_CLASSES)) {
                throw new IllegalArgumentException("classes must be 0 (no head) to " + MAX_CLASSES + ", got " + classes);
            }
            if (dropRate != null && !(dropRate >= 0 && dropRate < 1)) {
                throw new IllegalArgumentException("drop rate must be in [0, 1), got " + dropRate);
            }
        }

        @Override
        public NetworkConfig apply(NetworkConfig c) {
            return c.with(new NetworkConfig.CommonOptions(null, classes, null, pooling, dropRate, null, null, null));
        }

        @Override
        public String describe() {
            String s = classes != null ? "new head: " + classes + " classes" : "head:";
            if (pooling != null) {
                s += (classes != null ? ", " : " ") + pooling.id() + " pooling";
            }
            if (dropRate != null) {
                s += (classes != null || pooling != null ? ", " : " ") + "dropout " + dropRate;
            }
            return s;
        }
    }

    /** Replaces every normalization layer (e.g. batch norm → frozen batch norm), block overrides included. */
    record ReplaceNorm(NormType to) implements SurgeryStep {
        @Override
        public NetworkConfig apply(NetworkConfig c) {
            return c.withNorm(to);
        }

        @Override
        public String describe() {
            return "normalization → " + to.id();
        }
    }

    /** Replaces an activation everywhere it is used ({@code from} null: every activation). */
    record ReplaceActivation(ActivationType from, ActivationType to) implements SurgeryStep {
        @Override
        public NetworkConfig apply(NetworkConfig c) {
            return c.withActivation(from, to);
        }

        @Override
        public String describe() {
            return "activation " + (from == null ? "(all)" : from.id()) + " → " + to.id();
        }
    }
}
