package org.efficientmixnet.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.efficientmixnet.models.Network;
import org.efficientmixnet.nn.NativeScalar;
import org.efficientmixnet.train.data.Batch;
import org.efficientmixnet.train.loop.StepContext;
import org.efficientmixnet.train.loop.StepResult;
import org.efficientmixnet.train.loop.TrainingStep;
import org.efficientmixnet.train.optim.TorchOptimizer;
import org.efficientmixnet.train.optim.WeightEma;

/**
 * {@code emn train}'s step: the learning rate of the global step, forward, label-smoothed cross-entropy, backward,
 * gradient clipping, the optimizer update and the weight EMA. Every array it makes lives in a sub-manager closed at
 * the end. Reports the sums {@code loss} (batch mean × batch size) and {@code acc} (right answers) and the value
 * {@code lr}; a non-finite loss is reported without touching the weights.
 */
public final class ClassificationStep implements TrainingStep<Batch> {
    private final Network net;
    private final NDManager root;
    private final TorchOptimizer opt;
    private final AtomicReference<Float> lr;
    private final WeightEma ema;
    private final TrainConfig config;
    private final List<Parameter> params;
    private final ParameterStore ps;

    ClassificationStep(Network net, NDManager root, TorchOptimizer opt, AtomicReference<Float> lr, WeightEma ema,
            TrainConfig config) {
        this.net = net;
        this.root = root;
        this.opt = opt;
        this.lr = lr;
        this.ema = ema;
        this.config = config;
        this.params = new ArrayList<>(net.getParameters().values());
        this.ps = new ParameterStore(root, false);
    }

    /** The manager the model's arrays live in (to watch memory: its live arrays stay flat from step to step). */
    public NDManager manager() {
        return root;
    }

    @Override
    public StepResult run(Batch b, StepContext ctx) {
        float rate = Optimizers.learningRate(config, ctx.globalIndex(), ctx.stepsPerEpoch());
        lr.set(rate);
        float[] out = step(b);
        StepResult r = StepResult.of(b.size()).sum("loss", out[0] * b.size()).sum("acc", out[1]).value("lr", rate);
        if (Float.isFinite(out[0]) && ema != null) {
            ema.update();
        }
        return r;
    }

    /** Returns {loss, correct}. */
    private float[] step(Batch b) {
        try (NDManager sm = root.newSubManager()) {
            NDArray x = Steps.input(sm, b);
            NDArray labels = Steps.labels(sm, b.labels());
            NDArray logits;
            float loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                logits = net.forward(ps, x, true);
                NDArray l = Steps.crossEntropy(logits, labels, config.labelSmoothing());
                loss = l.getFloat();
                if (!Float.isFinite(loss)) {
                    return new float[] {loss, 0};
                }
                gc.backward(l);
            }
            long[] pred = logits.argMax(1).toLongArray();
            int right = 0;
            for (int i = 0; i < pred.length; i++) {
                if (pred[i] == b.labels()[i]) {
                    right++;
                }
            }
            List<Parameter> trainable = new ArrayList<>();
            List<NDArray> grads = new ArrayList<>();
            for (Parameter p : params) {
                if (p.requiresGradient() && p.getArray().hasGradient()) {
                    NDArray g = p.getArray().getGradient();
                    g.attach(sm);
                    trainable.add(p);
                    grads.add(g);
                }
            }
            if (config.clipGrad() > 0) {
                clip(grads, config.clipGrad());
            }
            for (int i = 0; i < trainable.size(); i++) {
                Parameter p = trainable.get(i);
                opt.update(p.getId(), p.getArray(), grads.get(i)); // also zeroes the gradient
            }
            return new float[] {loss, right};
        }
    }

    /** Scales the gradients so that their global L2 norm is at most {@code max} (the one place for clipping). */
    private static void clip(List<NDArray> grads, double max) {
        double sq = 0;
        for (NDArray g : grads) {
            sq += g.square().sum().getFloat();
        }
        double norm = Math.sqrt(sq);
        if (norm > max) {
            for (NDArray g : grads) {
                g.muli(NativeScalar.of(g, max / (norm + 1e-6)));
            }
        }
    }
}
