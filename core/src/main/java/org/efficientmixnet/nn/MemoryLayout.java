package org.efficientmixnet.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;

/**
 * The memory format the networks compute in. On the CPU, libtorch's oneDNN convolutions work in NHWC
 * (channels-last); fed NCHW arrays, every convolution and its backward pass reorders its input and output.
 * Converting the network's input once makes every following convolution, batch norm, activation and sum run
 * and return NHWC (measured here on EfficientNet-B0, same process, alternating: training 128/32 0.70× the time,
 * training 224/16 0.55×, inference 224/16 0.72×, inference batch 1 unchanged). Values and shapes are the same;
 * only the strides differ, and DJL copies to NCHW order wherever it reads the data out. A grayscale input
 * (one channel) counts as contiguous in both formats; the conversion still gives it NHWC strides (libtorch's
 * {@code to}, not {@code contiguous}), without which the steganalysis networks computed entirely in NCHW
 * (measured: inference 256/32 5.2 → 9.5 images/s, peak memory 5.3 → 4.1 GB).
 *
 * <p>Only on the CPU with the PyTorch engine: no other device was measured, so GPU arrays keep their format.
 * {@code -Defficientmixnet.channels_last=false} turns it off (to compare).
 */
public final class MemoryLayout {
    private MemoryLayout() {
    }

    /** Read once, like {@link ScriptedOp#ENABLED}. */
    static final boolean CHANNELS_LAST = Boolean.parseBoolean(System.getProperty("efficientmixnet.channels_last", "true"));

    /** Whether {@link #forCompute} converts this array. */
    public static boolean convertsToChannelsLast(NDArray x) {
        return CHANNELS_LAST && ScriptedOp.available(x) && Device.Type.CPU.equals(x.getDevice().getDeviceType()) && x.getShape().dimension() == 4;
    }

    /** The array in the format the network computes in: NHWC on the CPU (a copy), otherwise the array itself. */
    public static NDArray forCompute(NDArray x) {
        return convertsToChannelsLast(x) ? ScriptedOp.CHANNELS_LAST.apply(x) : x;
    }
}
