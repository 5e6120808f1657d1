package org.efficientmixnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.efficientmixnet.arch.ActivationType;

/**
 * What every residual block shares. A block declares its residual branch once, as an ordered list of named steps
 * (a child layer, or the block's activation) in its constructor; the forward pass, the shape trace (initialization,
 * output shapes, the model summary) and the batch-norm folding of {@link Fusion} all walk that one list. Around the
 * branch: an optional identity shortcut (or a shortcut layer, ResNet's downsample) with drop path on the branch, an
 * optional activation after the sum, and a scope that frees the block's intermediate arrays as soon as it returns
 * (PyTorch's autograd keeps what the backward pass needs), which halves DJL's peak memory.
 */
public abstract class ResidualBlock extends Layer {

    /** One step of the branch: a named child layer, or an activation (no name, no parameters). */
    public record Step(String name, Block layer, ActivationType activation) {
        public boolean isActivation() {
            return layer == null;
        }
    }

    protected final int inChannels;
    protected final int outChannels;
    protected final boolean hasSkip;
    private final double dropPathRate;
    private final List<Step> steps = new ArrayList<>();
    private String shortcutName;
    private Block shortcut;
    private ActivationType afterSum;
    /** Whether the block runs as one TorchScript call where it can ({@link ScriptedBlock}). */
    boolean scripted = ScriptedBlock.ENABLED;
    final ScriptedBlock.Cache scriptCache = new ScriptedBlock.Cache();

    protected ResidualBlock(int inChannels, int outChannels, boolean hasSkip, double dropPathRate) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.hasSkip = hasSkip;
        this.dropPathRate = dropPathRate;
    }

    public int inChannels() { return inChannels; }
    public int outChannels() { return outChannels; }
    public boolean hasSkip() { return hasSkip; }
    public double dropPathRate() { return dropPathRate; }

    /** The branch's steps in data-flow order. */
    public final List<Step> steps() {
        return List.copyOf(steps);
    }

    /** Appends a child layer to the branch (its name is its state-dict name); returns it. */
    protected final <B extends Block> B then(String name, B layer) {
        child(name, layer);
        steps.add(new Step(name, layer, null));
        return layer;
    }

    /** Appends the activation {@code a} to the branch. */
    protected final void thenActivate(ActivationType a) {
        steps.add(new Step(null, null, a));
    }

    /** Appends the norm {@code name} of {@code channels} and the activation of {@code o}. */
    protected final void thenNormAct(String name, int channels, LayerOptions o) {
        then(name, o.norm(channels));
        thenActivate(o.activation());
    }

    /** Appends the squeeze-excitation {@code se} (reduced to {@code reduced} channels, none when 0) as EfficientNet's. */
    protected final void thenSe(int channels, int reduced, LayerOptions o) {
        if (reduced > 0) {
            then("se", new SqueezeExcite(channels, reduced, o.activation(), ActivationType.SIGMOID));
        }
    }

    /** A layer on the shortcut instead of the identity (ResNet's downsample); added as a child after the branch. */
    protected final void shortcut(String name, Block layer) {
        child(name, layer);
        shortcutName = name;
        shortcut = layer;
    }

    /** True when the sum is the branch plus the identity (or there is no shortcut): no shortcut layer, no activation after it. */
    boolean plainSum() {
        return shortcut == null && afterSum == null;
    }

    /** An activation applied after the sum (ResNet's final ReLU). */
    protected final void activateSum(ActivationType a) {
        afterSum = a;
    }

    @Override
    public final Shape trace(Shape input, ShapeVisitor v) {
        Shape x = input;
        for (Step s : steps) {
            if (!s.isActivation()) {
                x = v.visit(s.name(), s.layer(), x);
            }
        }
        if (shortcut != null) {
            v.visit(shortcutName, shortcut, input);
        }
        return x;
    }

    /** The residual branch: every step in order, each intermediate closed once the next step has read it. */
    private NDArray branch(ParameterStore ps, NDArray x, boolean training) {
        Chain c = new Chain(x);
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (s.isActivation()) {
                c.then(v -> Activations.apply(s.activation(), v));
                continue;
            }
            if (i + 2 < steps.size() && steps.get(i + 2).isActivation()) {
                NDArray fused = Fusion.convActivation(s.layer(), steps.get(i + 1).layer(), steps.get(i + 2).activation(),
                        ps, c.result(), training);
                if (fused != null) {
                    c.then(v -> fused);
                    i += 2;
                    continue;
                }
            }
            if (i + 1 < steps.size() && !steps.get(i + 1).isActivation()) {
                NDArray fused = Fusion.convNorm(s.layer(), steps.get(i + 1).layer(), ps, c.result(), training);
                if (fused != null) {
                    c.then(v -> fused);
                    i += 1;
                    continue;
                }
            }
            if (s.layer() instanceof SqueezeExcite se && c.result() != x) {
                NDArray gated = se.forwardInPlace(ps, c.result(), training);
                if (gated != null) {
                    c.then(v -> gated);
                    continue;
                }
            }
            c.then(v -> run(s.layer(), ps, v, training));
        }
        return c.result();
    }

    /** The block's intermediates are freed when it returns; its output belongs to the caller's scope. */
    @Override
    public final NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        return inOwnScopeOne(() -> {
            if (scripted) {
                NDArray whole = ScriptedBlock.forward(this, ps, x, training);
                if (whole != null) {
                    return whole;
                }
            }
            NDArray y = branch(ps, x, training);
            if (hasSkip) {
                NDArray d = DropPath.apply(y, dropPathRate, training);
                NDArray sum = d.add(shortcut != null ? run(shortcut, ps, x, training) : x);
                y = afterSum != null ? Activations.apply(afterSum, sum) : sum;
            }
            return y;
        });
    }
}
