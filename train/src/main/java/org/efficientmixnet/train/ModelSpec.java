package org.efficientmixnet.train;

import ai.djl.Model;
import java.util.List;
import org.efficientmixnet.arch.ActivationType;
import org.efficientmixnet.arch.BlockStrings;
import org.efficientmixnet.arch.ModelConfig;
import org.efficientmixnet.arch.NetworkConfig;
import org.efficientmixnet.arch.NormType;
import org.efficientmixnet.arch.Presets;
import org.efficientmixnet.arch.Scaling;
import org.efficientmixnet.models.Models;
import org.efficientmixnet.models.Pretrained;
import org.efficientmixnet.surgery.Surgery;
import org.efficientmixnet.surgery.SurgerySpec;
import org.efficientmixnet.surgery.SurgeryStep;
import org.efficientmixnet.weights.LoadReport;
import org.efficientmixnet.weights.StateDict;

/**
 * A network as the user named it: a preset (EfficientNet family or ResNet) or a block-string network, the options
 * changed, and surgery steps in their text form ({@code "stem-stride=1,insert=4"}), every field optional. Saved in
 * a run's config so that the same network can be rebuilt for resume, eval and predict.
 */
public record ModelSpec(String name, String blocks, Double width, Double depth, Integer inChannels, Integer classes,
        Integer resolution, String pool, Double drop, Double dropPath, String act, String norm, String surgery) {

    public static ModelSpec preset(String name) {
        return new ModelSpec(name, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public ModelSpec withClasses(int n) {
        return new ModelSpec(name, blocks, width, depth, inChannels, n, resolution, pool, drop, dropPath, act, norm,
                surgery);
    }

    public ModelSpec withResolution(int r) {
        return new ModelSpec(name, blocks, width, depth, inChannels, classes, r, pool, drop, dropPath, act, norm,
                surgery);
    }

    public ModelSpec withInChannels(int c) {
        return new ModelSpec(name, blocks, width, depth, c, classes, resolution, pool, drop, dropPath, act, norm,
                surgery);
    }

    public ModelSpec withSurgery(String steps) {
        return new ModelSpec(name, blocks, width, depth, inChannels, classes, resolution, pool, drop, dropPath, act, norm,
                steps == null || steps.isBlank() ? null : steps);
    }

    /** The surgery steps (none when {@link #surgery} is null). */
    public List<SurgeryStep> surgerySteps() {
        return surgery == null ? List.of() : SurgerySpec.parse(surgery);
    }

    /** The network before surgery: the preset (or the block-string network) with every given option applied. */
    public NetworkConfig base() {
        NetworkConfig c;
        if (blocks != null) {
            ModelConfig.Builder b = ModelConfig.builder(name == null ? "custom" : name, BlockStrings.parseArch(blocks))
                    .activation(ActivationType.SWISH);
            if (width != null) {
                b.widthMultiplier(width).headChannels(Scaling.roundChannels(1280, width));
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
            c = Presets.network(name);
        }
        return c.with(new NetworkConfig.CommonOptions(inChannels, classes, resolution,
                pool == null ? null : ModelConfig.Pooling.fromName(pool), drop, dropPath,
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
}
