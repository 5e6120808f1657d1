package org.efficientmixnet.train.data;

import java.nio.file.Path;
import java.util.List;

/**
 * A batch ready for the network: normalized pixels (N, C, H, W) in one float array, labels, and the files. Plain
 * Java, so it can be made on loader threads; the training thread turns it into an engine array.
 */
public record Batch(float[] data, long[] shape, int[] labels, List<Path> paths) {
    public int size() {
        return labels.length;
    }
}
