package org.efficientmixnet.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.efficientmixnet.arch.ActivationType;
import org.efficientmixnet.arch.Padding;

/**
 * A whole residual block as one TorchScript call ({@link ScriptedOp#RESIDUAL_BRANCH}, written by
 * {@code core/src/main/python/make_block_script.py}) instead of one JNI call per operator. The block's steps are
 * encoded as a small int program; its weights, biases and batch-norm buffers are passed as tensors, so autograd
 * records into the same parameters and training updates the same running statistics as the step-by-step path.
 *
 * <p>Covers blocks whose branch is single-kernel convolutions, plain {@link BatchNorm2d} (folded or not),
 * activations and EfficientNet's squeeze-excitation, with an identity shortcut or none; anything else (mixed
 * kernels, other norms, a shortcut layer, an activation after the sum, a fused network in training) runs the
 * step-by-step path. Drop path draws its mask in Java, exactly as {@link DropPath} does, and passes it in.
 * Only on the CPU with the PyTorch engine (no other device was measured).
 *
 * <p>{@code -Defficientmixnet.scripted_blocks=true|false} sets the default for new blocks, read once;
 * {@link #use} switches the blocks of one network (tests and the same-process benchmark compare both paths).
 */
public final class ScriptedBlock {
    private ScriptedBlock() {
    }

    /** Read once, like {@link ScriptedOp#ENABLED}. */
    public static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("efficientmixnet.scripted_blocks", "false"));

    /** The script's tensor arguments after the input, the program and the floats (p0 … p23). */
    static final int MAX_TENSORS = 24;

    private static final int CONV = 1;
    private static final int NORM = 2;
    private static final int ACT = 3;
    private static final int SE = 4;

    private static final AtomicLong CALLS = new AtomicLong();

    /** How many blocks have run scripted in this process (tests and the benchmark check that the path was taken). */
    public static long calls() {
        return CALLS.get();
    }

    /** Sets whether every residual block under {@code root} runs scripted where it can; returns how many blocks. */
    public static int use(Block root, boolean on) {
        int n = 0;
        if (root instanceof ResidualBlock r) {
            r.scripted = on;
            n++;
        }
        for (var c : root.getChildren()) {
            n += use(c.getValue(), on);
        }
        return n;
    }

    /**
     * The program (one per mode: training and inference) and the floats last sent for one block, kept as tensors while
     * they do not change (they change when the block is folded). Synchronized: one network may serve several threads.
     */
    static final class Cache {
        private final long[][] programs = new long[2][];
        private final NDArray[] programArrays = new NDArray[2];
        private double[] floats;
        private NDArray floatsArray;

        private synchronized NDArray program(long[] p, NDManager m) {
            int mode = (int) p[0];
            if (programArrays[mode] == null || programArrays[mode].isReleased() || !Arrays.equals(programs[mode], p)) {
                programs[mode] = p;
                programArrays[mode] = keep(m.create(p));
            }
            return programArrays[mode];
        }

        private synchronized NDArray floats(double[] f, NDManager m) {
            if (floatsArray == null || floatsArray.isReleased() || !Arrays.equals(floats, f)) {
                floats = f;
                floatsArray = keep(m.create(f));
            }
            return floatsArray;
        }

        /** Out of the block's scope: lives with the parameters' manager. */
        private static NDArray keep(NDArray a) {
            NDScope.unregister(a);
            return a;
        }
    }

    /**
     * Runs {@code block} on {@code x} as one scripted call, or returns null where the block or the array is not
     * covered (the caller then runs its steps). Call inside the block's own scope.
     */
    static NDArray forward(ResidualBlock block, ParameterStore ps, NDArray x, boolean training) {
        if (!ScriptedOp.available(x) || !Device.Type.CPU.equals(x.getDevice().getDeviceType()) || !block.plainSum()) {
            return null;
        }
        Device d = x.getDevice();
        List<Long> prog = new ArrayList<>();
        List<Double> floats = new ArrayList<>();
        List<NDArray> tensors = new ArrayList<>();
        boolean mask = block.hasSkip() && training && block.dropPathRate() > 0;
        prog.add(training ? 1L : 0L);
        prog.add(block.hasSkip() ? 1L : 0L);
        prog.add(mask ? 1L : 0L);
        for (ResidualBlock.Step s : block.steps()) {
            if (s.isActivation()) {
                prog.add((long) ACT);
                prog.add((long) code(s.activation()));
            } else if (s.layer() instanceof Conv2d c) {
                NDArray b = c.bias(ps, d, training);
                prog.addAll(List.of((long) CONV, (long) c.stride(), (long) c.kernel(), (long) c.groups(),
                        (long) padding(c.padding()), b == null ? 0L : 1L));
                tensors.add(c.weight(ps, d, training));
                if (b != null) {
                    tensors.add(b);
                }
            } else if (s.layer() instanceof BatchNorm2d bn && bn.getClass() == BatchNorm2d.class) {
                if (bn.folded()) {
                    if (training) {
                        return null; // the step-by-step path says why this cannot be trained
                    }
                    continue;
                }
                prog.add((long) NORM);
                prog.add((long) floats.size() / 2);
                floats.add(bn.momentum());
                floats.add(bn.eps());
                tensors.addAll(Arrays.asList(bn.tensors(ps, d, training)));
            } else if (s.layer() instanceof SqueezeExcite se) {
                prog.addAll(List.of((long) SE, (long) code(se.activation()), (long) code(se.gate())));
                for (Conv2d c : List.of(se.convReduce(), se.convExpand())) {
                    tensors.add(c.weight(ps, d, training));
                    tensors.add(c.bias(ps, d, training));
                }
            } else {
                return null;
            }
        }
        if (tensors.size() + (mask ? 1 : 0) > MAX_TENSORS || tensors.isEmpty()) {
            return null;
        }
        if (mask) {
            tensors.add(DropPath.mask(x, block.dropPathRate()));
        }
        NDManager m = tensors.get(0).getManager();
        NDArray[] in = new NDArray[3 + MAX_TENSORS];
        in[0] = x;
        in[1] = block.scriptCache.program(prog.stream().mapToLong(Long::longValue).toArray(), m);
        in[2] = block.scriptCache.floats(floats.isEmpty() ? new double[] {0}
                : floats.stream().mapToDouble(Double::doubleValue).toArray(), m);
        for (int i = 0; i < MAX_TENSORS; i++) {
            in[3 + i] = i < tensors.size() ? tensors.get(i) : x; // unused slots: any tensor
        }
        NDArray y = ScriptedOp.RESIDUAL_BRANCH.apply(in);
        CALLS.incrementAndGet();
        return y;
    }

    /** The script's padding codes. */
    static int padding(Padding p) {
        return switch (p) {
            case SYMMETRIC -> 0;
            case SAME -> 1;
            case VALID -> 2;
        };
    }

    /** The script's activation codes (make_block_script.py's {@code activate}). */
    static int code(ActivationType a) {
        return switch (a) {
            case RELU -> 0;
            case RELU6 -> 1;
            case SWISH -> 2;
            case MISH -> 3;
            case HARD_SWISH -> 4;
            case HARD_SIGMOID -> 5;
            case GELU -> 6;
            case SIGMOID -> 7;
            case IDENTITY -> 8;
        };
    }
}
