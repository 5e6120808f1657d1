package org.efficientmixnet.models;

import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import org.efficientmixnet.arch.BlockSpec;
import org.efficientmixnet.arch.BlockType;
import org.efficientmixnet.arch.EfficientNetConfig;
import org.efficientmixnet.arch.NormType;
import org.efficientmixnet.arch.Scaling;
import org.efficientmixnet.nn.BasicBlock;
import org.efficientmixnet.nn.ConvNormAct;
import org.efficientmixnet.nn.DepthwiseSeparable;
import org.efficientmixnet.nn.EdgeResidual;
import org.efficientmixnet.nn.InvertedResidual;
import org.efficientmixnet.nn.LayerOptions;
import org.efficientmixnet.nn.Sequential;

/**
 * Block specs to blocks, as timm's {@code EfficientNetBuilder}: each spec's options over the network's
 * ({@link LayerOptions}), timm's width rules for the expansion and the squeeze-excitation, the drop-path rate
 * growing linearly with the global block index. The blocks inserted after the stem are built by the same rules
 * (at absolute channels, without drop path).
 */
public final class EfficientNetBuilder {
    private final EfficientNetConfig config;
    private final LayerOptions base;

    public EfficientNetBuilder(EfficientNetConfig config) {
        this.config = config;
        this.base = new LayerOptions(config.activation(), config.norm(), config.attentiveMixtures(), config.bnEps(),
                config.bnMomentum(), config.padding());
    }

    /** The network-wide layer options (activation, norm, padding) the stem and head use too. */
    public LayerOptions options() {
        return base;
    }

    /** The blocks inserted after the stem, from {@code in} channels; null when there are none. */
    public Sequential postStem(int in) {
        List<BlockSpec> specs = config.expandedPostStem();
        if (specs.isEmpty()) {
            return null;
        }
        Sequential seq = new Sequential();
        for (BlockSpec s : specs) {
            seq.add(block(s, in, s.outChannels(), 0.0));
            in = s.outChannels();
        }
        return seq;
    }

    /** Every stage (depth scaled, channels rounded) from {@code in} channels, one {@link Sequential} each. */
    public List<Sequential> stages(int in) {
        List<List<BlockSpec>> stages = config.scaledStages();
        int total = stages.stream().mapToInt(List::size).sum();
        List<Sequential> out = new ArrayList<>();
        int idx = 0;
        for (List<BlockSpec> stage : stages) {
            Sequential seq = new Sequential();
            for (BlockSpec s : stage) {
                int c = config.roundChannels(s.outChannels());
                seq.add(block(s, in, c, config.dropPathRate() * idx / total));
                in = c;
                idx++;
            }
            out.add(seq);
        }
        return out;
    }

    /** One block of a spec, {@code in} → {@code out} channels. */
    public Block block(BlockSpec s, int in, int out, double dropPathRate) {
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
                    se > 0 ? (int) Scaling.pyRound(in * se) : 0, s.type() == BlockType.DSA,
                    s.type() == BlockType.DSA || s.noSkip(), dropPathRate, o);
            case IR -> {
                int mid = Scaling.makeDivisible(in * s.expansion(), 8);
                int rd = se > 0 ? (int) Scaling.pyRound(mid * (se / s.expansion())) : 0;
                yield new InvertedResidual(in, out, mid, s.kernels(), s.expansionKernels(), s.projectionKernels(),
                        s.stride(), rd, s.noSkip(), dropPathRate, o);
            }
            case ER -> {
                int from = s.forceInChannels() != null ? config.roundChannels(s.forceInChannels()) : in;
                int mid = Scaling.makeDivisible(from * s.expansion(), 8);
                int rd = se > 0 ? (int) Scaling.pyRound(mid * (se / s.expansion())) : 0;
                yield new EdgeResidual(in, out, mid, s.kernels(), s.projectionKernels(), s.stride(), rd, s.noSkip(),
                        dropPathRate, o);
            }
            case CN -> new ConvNormAct(in, out, s.kernels().get(0), s.stride(), Boolean.TRUE.equals(s.skip()),
                    dropPathRate, o);
            case BASIC -> new BasicBlock(in, out, s.stride(), se > 0 ? (int) Math.round(1 / se) : 0, o);
        };
    }
}
