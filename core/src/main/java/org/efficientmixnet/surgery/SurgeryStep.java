package org.efficientmixnet.surgery;

import java.util.ArrayList;
import java.util.List;
import org.efficientmixnet.arch.ActivationType;
import org.efficientmixnet.arch.BlockSpec;
import org.efficientmixnet.arch.ModelConfig;
import org.efficientmixnet.arch.NetworkConfig;
import org.efficientmixnet.arch.NormType;
import org.efficientmixnet.arch.ResNetConfig;

/**
 * One named change to a network's description. Steps change the config; {@link Surgery} rebuilds the network
 * and carries every unchanged layer's weights over, so each step is small, testable and reversible.
 */
public sealed interface SurgeryStep {

    NetworkConfig apply(NetworkConfig c);

    String describe();

    /** Sets the stem convolution's stride (1 keeps full resolution through the stem). */
    /** Blocks one insertion may add: a deeper stem than this is a typo, and 100,000 would take gigabytes. */
    int MAX_INSERTED = 64;
    /** Input channels an adapted stem may take (hyperspectral cubes have a few hundred). */
    int MAX_CHANNELS = 4096;
    /** Classes of a new head (ImageNet-21k has 21,843). */
    int MAX_CLASSES = 100_000;

    record StemStride(int stride) implements SurgeryStep {
        public StemStride {
            if (stride != 1 && stride != 2) {
                throw new IllegalArgumentException("stem stride must be 1 or 2, got " + stride);
            }
        }

        @Override
        public NetworkConfig apply(NetworkConfig c) {
            if (c instanceof ModelConfig m) {
                return m.toBuilder().stemStride(stride).build();
            }
            ResNetConfig r = (ResNetConfig) c;
            return r.withStem(stride, r.stemPool());
        }

        @Override
        public String describe() {
            return "stem stride → " + stride;
        }
    }

    /**
     * Inserts {@code count} blocks after the stem at the stem's width, the last with stride 2, so the rest of the
     * network sees the resolution it was designed for once the stem stride is 1. Only "stem" is a known place.
     */
    record InsertBlocks(String after, int count, ModelConfig.PostStemKind kind) implements SurgeryStep {
        public InsertBlocks {
            if (!"stem".equals(after)) {
                throw new IllegalArgumentException("unknown insertion place '" + after + "'; blocks can be inserted after: stem");
            }
            if (count < 1 || count > MAX_INSERTED) {
                throw new IllegalArgumentException("insert 1 to " + MAX_INSERTED + " blocks, got " + count);
            }
        }

        @Override
        public NetworkConfig apply(NetworkConfig c) {
            if (!(c instanceof ModelConfig m)) {
                throw new IllegalArgumentException("post-stem insertion is defined for EfficientNet-family networks, not '"
                        + c.name() + "'");
            }
            return m.toBuilder().postStem(count, kind).build();
        }

        @Override
        public String describe() {
            return "insert " + count + " " + kind.name().toLowerCase(java.util.Locale.ROOT) + " block(s) after the stem";
        }
    }

    /** Sets the stride of the first {@code stages} stages to 1. */
    record RemoveStrides(int stages) implements SurgeryStep {
        @Override
        public NetworkConfig apply(NetworkConfig c) {
            if (c instanceof ModelConfig m) {
                if (stages < 0 || stages > m.arch().size()) {
                    throw new IllegalArgumentException("stride removal: '" + m.name() + "' has " + m.arch().size()
                            + " stages, got " + stages);
                }
                List<List<BlockSpec>> arch = new ArrayList<>();
                for (int i = 0; i < m.arch().size(); i++) {
                    List<BlockSpec> st = new ArrayList<>(m.arch().get(i));
                    if (i < stages) {
                        st.set(0, st.get(0).withStride(1));
                    }
                    arch.add(st);
                }
                return m.toBuilder().arch(arch).build();
            }
            ResNetConfig r = (ResNetConfig) c;
            if (stages < 0 || stages > 4) {
                throw new IllegalArgumentException("stride removal: '" + r.name() + "' has 4 stages, got " + stages);
            }
            List<Integer> s = new ArrayList<>(r.stageStrides());
            for (int i = 0; i < stages; i++) {
                s.set(i, 1);
            }
            return r.withStageStrides(s);
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
            if (c instanceof ResNetConfig r) {
                return r.withStem(r.stemStride(), false);
            }
            throw new IllegalArgumentException("'" + c.name() + "' has no stem pooling layer to remove");
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

    /** A new head: classes (0 = none), pooling and dropout; the classifier starts random. */
    record NewHead(int classes, ModelConfig.Pooling pooling, Double dropRate) implements SurgeryStep {
        public NewHead {
            if (classes < 0 || classes > MAX_CLASSES) {
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
            return "new head: " + classes + " classes" + (pooling != null ? ", " + pooling.id() + " pooling" : "");
        }
    }

    /** Replaces every normalization layer (e.g. batch norm → frozen batch norm), block overrides included. */
    record ReplaceNorm(NormType to) implements SurgeryStep {
        @Override
        public NetworkConfig apply(NetworkConfig c) {
            if (c instanceof ModelConfig m) {
                List<List<BlockSpec>> arch = m.arch().stream()
                        .map(st -> st.stream().map(b -> b.norm() == null ? b : b.withNorm(to, to == NormType.ATTENTIVE ? b.mixtures() : null)).toList())
                        .toList();
                return m.toBuilder().arch(arch).norm(to).build();
            }
            return c.with(new NetworkConfig.CommonOptions(null, null, null, null, null, null, null, to));
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
            if (c instanceof ModelConfig m) {
                List<List<BlockSpec>> arch = m.arch().stream()
                        .map(st -> st.stream().map(b -> b.activation() != null && (from == null || b.activation() == from)
                                ? b.withActivation(to) : b).toList())
                        .toList();
                ModelConfig.Builder b = m.toBuilder().arch(arch);
                if (from == null || m.activation() == from) {
                    b.activation(to);
                }
                return b.build();
            }
            ResNetConfig r = (ResNetConfig) c;
            if (from != null && r.activation() != from) {
                return r;
            }
            return r.with(new NetworkConfig.CommonOptions(null, null, null, null, null, null, to, null));
        }

        @Override
        public String describe() {
            return "activation " + (from == null ? "(all)" : from.id()) + " → " + to.id();
        }
    }
}
