package org.efficientmixnet.advsteg;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.tracker.Tracker;
import java.util.SplittableRandom;
import org.efficientmixnet.nn.NativeScalar;
import org.efficientmixnet.train.optim.AdamW;
import org.efficientmixnet.train.optim.Sgd;
import org.efficientmixnet.train.optim.TorchOptimizer;
import org.efficientmixnet.weights.ModelWeights;

/**
 * One training step of the three networks exactly as the reference does it: Eve first, on covers (label 1) and
 * detached stegos (label 0), binary cross-entropy on logits, plain SGD; then Alice and Bob together with Adam on
 * {@code a·BCE(Eve(stego), 1) + b·mean|cover − stego| + c·mean (msg − Bob(stego))²} (Eve's gradient from this loss
 * is discarded, as the reference's {@code zero_grad} before Eve's next step discards it).
 */
public final class AdvStegTraining {
    /** The reference's hyper-parameters: learning rate 1e-4 for both optimizers, a = 0.1, b = 0.3, c = 0.6, batch 12. */
    public record Hyper(double lr, double a, double b, double c, int batch) {
        public static final Hyper REFERENCE = new Hyper(1e-4, 0.1, 0.3, 0.6, 12);

        public Hyper {
            if (!(lr > 0 && lr < 1)) {
                throw new IllegalArgumentException("--lr must be in (0, 1), got " + lr);
            }
            if (!(a >= 0 && b >= 0 && c >= 0) || a + b + c == 0) {
                throw new IllegalArgumentException("loss weights --a --b --c must be ≥ 0 and not all 0, got " + a + ", " + b + ", " + c);
            }
            if (batch < 1 || batch > 4096) {
                throw new IllegalArgumentException("--batch must be in 1..4096, got " + batch);
            }
        }
    }

    /** Losses and counts of one step, read back to Java. */
    public record StepResult(double eveLoss, double aliceBobLoss, double bobMse, int bitsRight, int bits, int eveRight, int eveSeen) {
    }

    private final AdvStegNetworks nets;
    private final Hyper hyper;
    private final TorchOptimizer eveOptimizer;
    private final TorchOptimizer aliceBobOptimizer;

    public AdvStegTraining(AdvStegNetworks nets, Hyper hyper) {
        this.nets = nets;
        this.hyper = hyper;
        Tracker lr = Tracker.fixed((float) hyper.lr());
        this.eveOptimizer = new Sgd(lr, 0f, false, 0f);
        this.aliceBobOptimizer = new AdamW(lr, 0.9f, 0.999f, 1e-8f, 0f); // AdamW without decay is torch's Adam
    }

    public Hyper hyper() {
        return hyper;
    }

    public TorchOptimizer eveOptimizer() {
        return eveOptimizer;
    }

    public TorchOptimizer aliceBobOptimizer() {
        return aliceBobOptimizer;
    }

    /** Random message bits as the reference draws them: uniform {0, 1} mapped to ±0.5. */
    public static float[] messages(SplittableRandom rng, int count, int length) {
        float[] m = new float[count * length];
        for (int i = 0; i < m.length; i++) {
            m[i] = rng.nextBoolean() ? 0.5f : -0.5f;
        }
        return m;
    }

    /** One step on {@code covers} (N·C·S·S values in [−1, 1]) with {@code messages} (N·L values of ±0.5). */
    public StepResult step(float[] covers, float[] messages) {
        AdvStegConfig c = nets.config();
        int n = messages.length / c.messageLength();
        int side = c.imageSize();
        ParameterStore ps = nets.parameterStore();
        try (NDManager sm = nets.manager().newSubManager()) {
            NDArray cover = sm.create(covers, new Shape(n, c.inChannels(), side, side));
            NDArray msg = sm.create(messages, new Shape(n, c.messageLength()));
            NDArray stego;
            float eveLoss;
            int eveRight;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                stego = nets.alice().encode(ps, cover, msg, true);
                NDArray onCover = nets.eve().forward(ps, cover, true);
                NDArray onStego = nets.eve().forward(ps, stego.stopGradient(), true);
                NDArray loss = bceWithLogits(onCover, true).add(bceWithLogits(onStego, false));
                eveLoss = loss.getFloat();
                eveRight = count(onCover, true) + count(onStego, false);
                gc.backward(loss);
            }
            step(eveOptimizer, nets.eve(), sm);
            float abLoss;
            float bobMse;
            int bitsRight;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray decoded = nets.bob().forward(ps, stego, true);
                NDArray mse = msg.sub(decoded).square().mean();
                NDArray fool = bceWithLogits(nets.eve().forward(ps, stego, true), true);
                NDArray distortion = cover.sub(stego).abs().mean();
                NDArray loss = fool.mul(NativeScalar.of(fool, hyper.a()))
                        .add(distortion.mul(NativeScalar.of(distortion, hyper.b())))
                        .add(mse.mul(NativeScalar.of(mse, hyper.c())));
                abLoss = loss.getFloat();
                bobMse = mse.getFloat();
                bitsRight = bitsRight(decoded, msg);
                gc.backward(loss);
            }
            step(aliceBobOptimizer, nets.alice(), sm);
            step(aliceBobOptimizer, nets.bob(), sm);
            zeroGradients(nets.eve());
            return new StepResult(eveLoss, abLoss, bobMse, bitsRight, messages.length, eveRight, 2 * n);
        }
    }

    /** Mean binary cross-entropy of logits against an all-1 (or all-0) target: softplus(∓x), stable for any x. */
    static NDArray bceWithLogits(NDArray logits, boolean ones) {
        return Activation.softPlus(ones ? logits.neg() : logits).mean();
    }

    /** Eve's right answers: logit > 0 means "cover". */
    static int count(NDArray logits, boolean covers) {
        int right = 0;
        for (float v : logits.toFloatArray()) {
            if ((v > 0) == covers) {
                right++;
            }
        }
        return right;
    }

    /** Bits whose sign Bob got right. */
    static int bitsRight(NDArray decoded, NDArray msg) {
        float[] d = decoded.toFloatArray();
        float[] m = msg.toFloatArray();
        int right = 0;
        for (int i = 0; i < d.length; i++) {
            if ((d[i] > 0) == (m[i] > 0)) {
                right++;
            }
        }
        return right;
    }

    /** Applies {@code optimizer} to every parameter of {@code block} that received a gradient (which it then zeroes). */
    static void step(TorchOptimizer optimizer, Block block, NDManager sm) {
        for (Parameter p : ModelWeights.namedParameters(block).values()) {
            NDArray w = p.getArray();
            if (p.requiresGradient() && w.hasGradient()) {
                NDArray g = w.getGradient();
                g.attach(sm);
                optimizer.update(p.getId(), w, g);
            }
        }
    }

    private static void zeroGradients(Block block) {
        for (Parameter p : ModelWeights.namedParameters(block).values()) {
            NDArray w = p.getArray();
            if (p.requiresGradient() && w.hasGradient()) {
                NDArray g = w.getGradient();
                g.subi(g);
                g.close();
            }
        }
    }
}
