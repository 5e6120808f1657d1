package org.efficientmixnet.models;

import ai.djl.Model;
import java.util.List;
import org.efficientmixnet.arch.ActivationType;
import org.efficientmixnet.arch.BlockStrings;
import org.efficientmixnet.arch.EfficientNetConfig;
import org.efficientmixnet.arch.NetworkConfig;
import org.efficientmixnet.arch.NormType;
import org.efficientmixnet.arch.Pooling;
import org.efficientmixnet.arch.Presets;
import org.efficientmixnet.surgery.Surgery;
import org.efficientmixnet.surgery.SurgerySpec;
import org.efficientmixnet.surgery.SurgeryStep;
import org.efficientmixnet.weights.LoadReport;
import org.efficientmixnet.weights.StateDict;

/**
 * A network as the user names it, timm's {@code create_model(name, **options)} in one value: a registered name
 * (EfficientNet family or ResNet, see {@link Presets}) or a block-string network, the options changed, and surgery
 * steps in their text form ({@code "stem-stride=1,insert=4"}); every field but the name optional (null: as the
 * network has it). The command line's flags fill the same fields, so both build the same network. Saved in a
 * training run's config, so that the same network can be rebuilt for resume, eval and predict.
 * <pre>
 * ModelSpec spec = ModelSpec.builder("efficientnet_b0").inChannels(1).classes(2).surgery("stem-stride=1").build();
 * </pre>
 *
 * @param name the registered name (or a block string); with {@code blocks}, the custom network's name
 * @param blocks a block-string architecture ({@code "ds_r1_k3_s1_c16;ir_r2_k3_s2_e6_c24"}), or null for a named one
 * @param width width multiplier of a {@code blocks} network
 * @param depth depth multiplier of a {@code blocks} network
 * @param pool global pooling: avg, max, avgmax or none
 * @param act activation (replaces the network's default), e.g. swish
 * @param norm normalization, e.g. frozen_batchnorm
 * @param surgery surgery steps as text ({@link SurgerySpec})
 */
public record ModelSpec(String name, String blocks, Double width, Double depth, Integer inChannels, Integer classes,
        Integer resolution, String pool, Double drop, Double dropPath, String act, String norm, String surgery) {

    /** A network by name with nothing changed. */
    public static ModelSpec preset(String name) {
        return builder(name).build();
    }

    /** Starts a spec of the network {@code name} (a registered name, or the name of a {@link Builder#blocks} network). */
    public static Builder builder(String name) {
        return new Builder().name(name);
    }

    public Builder toBuilder() {
        return new Builder().name(name).blocks(blocks).width(width).depth(depth).inChannels(inChannels).classes(classes)
                .resolution(resolution).pool(pool).drop(drop).dropPath(dropPath).act(act).norm(norm).surgery(surgery);
    }

    public ModelSpec withClasses(int n) {
        return toBuilder().classes(n).build();
    }

    public ModelSpec withResolution(int r) {
        return toBuilder().resolution(r).build();
    }

    public ModelSpec withInChannels(int c) {
        return toBuilder().inChannels(c).build();
    }

    public ModelSpec withSurgery(String steps) {
        return toBuilder().surgery(steps).build();
    }

    /** The surgery steps (none when {@link #surgery} is null). */
    public List<SurgeryStep> surgerySteps() {
        return surgery == null ? List.of() : SurgerySpec.parse(surgery);
    }

    /**
     * The network before surgery: the named network (or the block-string network, with the family's defaults of
     * {@link EfficientNetConfig.Builder}) with every given option applied.
     */
    public NetworkConfig base() {
        NetworkConfig c;
        if (blocks != null) {
            EfficientNetConfig.Builder b = EfficientNetConfig.builder(name == null ? "custom" : name,
                    BlockStrings.parseArch(blocks));
            if (width != null) {
                b.widthMultiplier(width);
            }
            if (depth != null) {
                b.depthMultiplier(depth);
            }
            c = b.build();
        } else {
            if (name == null) {
                throw new IllegalArgumentException("give a model name (see `emn models`) or --blocks");
            }
            if (width != null || depth != null) {
                throw new IllegalArgumentException("--width and --depth-mult scale a --blocks network; a preset such as '"
                        + name + "' has its own (choose another preset, e.g. efficientnet_b3)");
            }
            c = Presets.get(name);
        }
        return c.with(new NetworkConfig.CommonOptions(inChannels, classes, resolution,
                pool == null ? null : Pooling.fromName(pool), drop, dropPath,
                act == null ? null : ActivationType.fromName(act), norm == null ? null : NormType.fromName(norm)));
    }

    /** The network as it is built: {@link #base} with the surgery applied. */
    public NetworkConfig config() {
        return surgery == null ? base() : Surgery.plan(base(), surgerySteps(), null);
    }

    /**
     * What {@link #create} built: the model, how the initial weights fitted the network before surgery, and (with
     * surgery) how they were carried over, with one before/after line per step.
     */
    public record Built(Model model, LoadReport weights, LoadReport carried, List<String> changes) {
    }

    /**
     * An initialized model of this network with initial weights in timm names (e.g. ImageNet weights): they are
     * loaded into the network before surgery as {@link Pretrained#load} does (stem adapted to the input channels, a
     * classifier of another size left fresh), then every layer that surgery left unchanged carries them over and
     * inserted or reshaped layers start fresh.
     */
    public Built create(StateDict initial) {
        Model base = Models.create(base());
        try {
            LoadReport r = Pretrained.load(base, initial);
            if (surgery == null) {
                return new Built(base, r, null, List.of());
            }
            Surgery.Result s = Surgery.apply(base, surgerySteps());
            base.close();
            return new Built(s.model(), r, s.report(), s.changes());
        } catch (RuntimeException e) {
            base.close();
            throw e;
        }
    }

    /** Named fields for a {@link ModelSpec}; unset fields stay null (as the network has it). */
    public static final class Builder {
        private String name;
        private String blocks;
        private Double width;
        private Double depth;
        private Integer inChannels;
        private Integer classes;
        private Integer resolution;
        private String pool;
        private Double drop;
        private Double dropPath;
        private String act;
        private String norm;
        private String surgery;

        private Builder() {
        }

        public Builder name(String v) { name = v; return this; }
        /** A block-string architecture: the network is this custom one, named {@link #name}. */
        public Builder blocks(String v) { blocks = v; return this; }
        public Builder width(Double v) { width = v; return this; }
        public Builder depth(Double v) { depth = v; return this; }
        public Builder inChannels(Integer v) { inChannels = v; return this; }
        public Builder classes(Integer v) { classes = v; return this; }
        public Builder resolution(Integer v) { resolution = v; return this; }
        public Builder pool(String v) { pool = v; return this; }
        public Builder drop(Double v) { drop = v; return this; }
        public Builder dropPath(Double v) { dropPath = v; return this; }
        public Builder act(String v) { act = v; return this; }
        public Builder norm(String v) { norm = v; return this; }
        /** Surgery steps as text (blank: none). */
        public Builder surgery(String v) { surgery = v == null || v.isBlank() ? null : v; return this; }

        public ModelSpec build() {
            return new ModelSpec(name, blocks, width, depth, inChannels, classes, resolution, pool, drop, dropPath, act,
                    norm, surgery);
        }
    }
}
