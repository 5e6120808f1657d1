package org.efficientmixnet.arch;

import java.util.List;

/**
 * One decoded block string: the description of a block (or of {@code repeats} identical blocks) before
 * channel and depth scaling. Optional fields are {@code null} when the string did not set them, so that
 * formatting gives back exactly the string that was parsed.
 *
 * @param type block kind ({@code ds}, {@code dsa}, {@code ir}, {@code er}, {@code cn})
 * @param repeats {@code r}: how many times the block is repeated in its stage (before depth scaling)
 * @param kernels {@code k}: depthwise kernel sizes (several = mixed depthwise conv, MixConv); for {@code er}
 *     the expansion conv's kernel, for {@code cn} the conv's kernel
 * @param expKernels {@code a}: kernel sizes of the expansion conv (several = grouped 1×1), or null for [1]
 * @param pwKernels {@code p}: kernel sizes of the projection conv (several = grouped 1×1), or null for [1]
 * @param stride {@code s}: stride of the first repetition
 * @param expRatio {@code e}: expansion ratio, or null
 * @param outChannels {@code c}: output channels before width scaling
 * @param seRatio {@code se}: squeeze-excitation ratio relative to the block's input channels, or null for none
 * @param activation {@code n..}: the block's activation, or null for the network's default
 * @param norm {@code b..}: the block's normalization, or null for the network's default
 * @param mixtures {@code m}: number of affine mixture components for attentive normalization, or null
 * @param skip {@code skip}/{@code noskip}: force the residual connection on or off, or null for the default
 * @param forceInChannels {@code fc}: expansion computed from this many input channels ({@code er}), or null
 */
public record BlockSpec(
        BlockType type,
        int repeats,
        List<Integer> kernels,
        List<Integer> expKernels,
        List<Integer> pwKernels,
        int stride,
        Double expRatio,
        int outChannels,
        Double seRatio,
        ActivationType activation,
        NormType norm,
        Integer mixtures,
        Boolean skip,
        Integer forceInChannels) {

    public BlockSpec {
        kernels = List.copyOf(kernels);
        expKernels = expKernels == null ? null : List.copyOf(expKernels);
        pwKernels = pwKernels == null ? null : List.copyOf(pwKernels);
    }

    /** Expansion ratio with its default of 1. */
    public double expansion() {
        return expRatio == null ? 1.0 : expRatio;
    }

    /** SE ratio with its default of 0 (no squeeze-excitation). */
    public double se() {
        return seRatio == null ? 0.0 : seRatio;
    }

    public List<Integer> expansionKernels() {
        return expKernels == null ? List.of(1) : expKernels;
    }

    public List<Integer> projectionKernels() {
        return pwKernels == null ? List.of(1) : pwKernels;
    }

    public boolean noSkip() {
        return Boolean.FALSE.equals(skip);
    }

    public BlockSpec withRepeats(int r) {
        return new BlockSpec(type, r, kernels, expKernels, pwKernels, stride, expRatio, outChannels, seRatio,
                activation, norm, mixtures, skip, forceInChannels);
    }

    public BlockSpec withStride(int s) {
        return new BlockSpec(type, repeats, kernels, expKernels, pwKernels, s, expRatio, outChannels, seRatio,
                activation, norm, mixtures, skip, forceInChannels);
    }

    public BlockSpec withOutChannels(int c) {
        return new BlockSpec(type, repeats, kernels, expKernels, pwKernels, stride, expRatio, c, seRatio,
                activation, norm, mixtures, skip, forceInChannels);
    }

    public BlockSpec withActivation(ActivationType a) {
        return new BlockSpec(type, repeats, kernels, expKernels, pwKernels, stride, expRatio, outChannels, seRatio,
                a, norm, mixtures, skip, forceInChannels);
    }

    public BlockSpec withNorm(NormType n, Integer k) {
        return new BlockSpec(type, repeats, kernels, expKernels, pwKernels, stride, expRatio, outChannels, seRatio,
                activation, n, k, skip, forceInChannels);
    }

    public BlockSpec withSkip(Boolean s) {
        return new BlockSpec(type, repeats, kernels, expKernels, pwKernels, stride, expRatio, outChannels, seRatio,
                activation, norm, mixtures, s, forceInChannels);
    }

    @Override
    public String toString() {
        return BlockStrings.format(this);
    }
}
