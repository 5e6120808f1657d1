package org.efficientmixnet.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.efficientmixnet.arch.ActivationType;
import org.efficientmixnet.arch.NormType;
import org.efficientmixnet.arch.Padding;
import org.efficientmixnet.nn.Activations;
import org.efficientmixnet.nn.InvertedResidual;
import org.efficientmixnet.nn.LayerOptions;
import org.efficientmixnet.nn.MemoryLayout;
import org.efficientmixnet.nn.MixedConv2d;
import org.efficientmixnet.nn.SqueezeExcite;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH micro-benchmarks of the layers that dominate EfficientNet's time, at B0's stage-2 size (batch 16, 144
 * channels, 56×56), inference mode unless named otherwise, so that a regression shows where it happens. Run with
 * {@code java -cp "bench/target/classes:cli/target/lib/*" org.openjdk.jmh.Main LayerBenchmarks} after
 * {@code mvn -B -q package -DskipTests}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=2"})
public class LayerBenchmarks {
    private NDManager manager;
    private ParameterStore ps;
    private NDArray x;
    /** x with NHWC strides, as the networks compute on the CPU. */
    private NDArray xNhwc;
    private InvertedResidual block;
    private SqueezeExcite se;
    private MixedConv2d mixed;

    @Setup(Level.Trial)
    public void setup() {
        manager = NDManager.newBaseManager();
        ps = new ParameterStore(manager, false);
        x = manager.randomNormal(new Shape(16, 144, 56, 56));
        LayerOptions o = new LayerOptions(ActivationType.SWISH, NormType.BATCH_NORM, 8, 1e-5, 0.1, Padding.SYMMETRIC);
        block = new InvertedResidual(144, 144, 144 * 6 / 6, List.of(3), List.of(1), List.of(1), 1, 36, false, 0, o);
        block.initialize(manager, DataType.FLOAT32, x.getShape());
        se = new SqueezeExcite(144, 6, ActivationType.SWISH, ActivationType.SIGMOID);
        se.initialize(manager, DataType.FLOAT32, x.getShape());
        mixed = new MixedConv2d(144, 144, List.of(3, 5, 7), 1, true, Padding.SYMMETRIC);
        mixed.initialize(manager, DataType.FLOAT32, x.getShape());
        xNhwc = MemoryLayout.forCompute(x);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    private static float consume(NDArray y) {
        float v = y.getFloat(0, 0, 0, 0);
        y.close();
        return v;
    }

    @Benchmark
    public float invertedResidual() {
        return consume(block.forward(ps, x, false));
    }

    @Benchmark
    public float invertedResidualChannelsLast() {
        return consume(block.forward(ps, xNhwc, false));
    }

    /** Forward and backward through the block (gradients of its weights and input), NCHW. */
    @Benchmark
    public float invertedResidualTraining() {
        return trainingPass(x);
    }

    @Benchmark
    public float invertedResidualTrainingChannelsLast() {
        return trainingPass(xNhwc);
    }

    private float trainingPass(NDArray input) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray in = input.duplicate();
            in.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(block.forward(ps, in, true).sum());
            }
            return in.getGradient().getFloat(0, 0, 0, 0);
        }
    }

    @Benchmark
    public float squeezeExcite() {
        return consume(se.forward(ps, x, false));
    }

    @Benchmark
    public float mixedConv357() {
        return consume(mixed.forward(ps, x, false));
    }

    @Benchmark
    public float swish() {
        return consume(Activations.apply(ActivationType.SWISH, x));
    }

    /** x·sigmoid(x) from DJL's ops, what swish cost before the native op. */
    @Benchmark
    public float swishComposed() {
        return consume(Activations.composed(ActivationType.SWISH, x));
    }

    @Benchmark
    public float mish() {
        return consume(Activations.apply(ActivationType.MISH, x));
    }

    @Benchmark
    public float hardSwish() {
        return consume(Activations.apply(ActivationType.HARD_SWISH, x));
    }
}
