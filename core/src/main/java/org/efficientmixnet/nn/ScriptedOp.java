package org.efficientmixnet.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A libtorch op that DJL 0.35.1's JNI does not expose, run as a one-line TorchScript module shipped in core's
 * resources (made by {@code core/src/main/python/make_script_ops.py}). The native ops matter for training
 * memory and speed: {@code silu(x)} keeps only its input for the backward pass, where {@code x·sigmoid(x)}
 * composed from DJL ops keeps the input and the sigmoid, and runs three kernels instead of one.
 *
 * <p>The modules have no parameters, so one loaded copy serves every device: the op runs where its input is.
 * They run with the caller's autograd mode, so gradients flow inside a {@code GradientCollector} and nothing is
 * recorded outside one. Where the arrays are not PyTorch's, or {@code -Defficientmixnet.scripted_ops=false} is
 * set (to compare the two paths), {@link #available} is false and callers compose the op from DJL ops.
 */
enum ScriptedOp {
    SILU("silu.pt"),
    MISH("mish.pt"),
    HARD_SWISH("hard_swish.pt"),
    HARD_SIGMOID("hard_sigmoid.pt"),
    /** The same values with NHWC strides ({@link MemoryLayout}). */
    CHANNELS_LAST("channels_last.pt"),
    /** Mean over H and W kept as (N, C, 1, 1); a reshape first would copy an NHWC tensor. */
    SPATIAL_MEAN("spatial_mean.pt"),
    /**
     * Convolution with bias, then SiLU or nothing, as one oneDNN primitive on a prepacked weight (libtorch's
     * {@code mkldnn::_convolution_pointwise}, as torch.compile emits it on the CPU for frozen weights); inference
     * only ({@link Fusion#convActivation}, {@link Fusion#convNorm}).
     */
    CONV_POINTWISE("conv_pointwise.pt"),
    /** A convolution weight reordered once into oneDNN's layout for {@link #CONV_POINTWISE} (its prepacking). */
    CONV_WEIGHT_PACK("conv_weight_pack.pt"),
    /** A whole residual block in one call ({@link ScriptedBlock}; made by {@code make_block_script.py}). */
    RESIDUAL_BRANCH("residual_branch.pt");

    /** Read once: switching paths in the middle of a run would only confuse measurements. */
    static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("efficientmixnet.scripted_ops", "true"));

    private final String resource;
    private volatile PtSymbolBlock module;

    ScriptedOp(String resource) {
        this.resource = resource;
    }

    /** Whether the scripted op can run on these arrays (PyTorch engine, not switched off). */
    static boolean available(NDArray x) {
        return ENABLED && x instanceof PtNDArray;
    }

    /** Runs the op; the result belongs to the first input's manager (and the current {@code NDScope}). */
    NDArray apply(NDArray... inputs) {
        NDList out = IValueUtils.forward(module(), new NDList(inputs), true);
        return out.singletonOrThrow();
    }

    private PtSymbolBlock module() {
        PtSymbolBlock m = module;
        if (m == null) {
            synchronized (this) {
                m = module;
                if (m == null) {
                    m = load();
                    module = m;
                }
            }
        }
        return m;
    }

    private PtSymbolBlock load() {
        try (InputStream in = ScriptedOp.class.getResourceAsStream("ops/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("core resource org/efficientmixnet/nn/ops/" + resource + " is missing");
            }
            // lives as long as the process: a parameterless module holds a few kilobytes of code
            return JniUtils.loadModule(Holder.MANAGER, in, false, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read TorchScript module " + resource, e);
        }
    }

    /** The manager that owns the loaded modules; never closed. */
    private static final class Holder {
        static final PtNDManager MANAGER = (PtNDManager) NDManager.newBaseManager(Device.cpu(), "PyTorch");
    }
}
