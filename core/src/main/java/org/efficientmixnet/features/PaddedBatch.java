package org.efficientmixnet.features;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Images of different sizes padded (bottom/right, zeros) to one batch, with a boolean mask that is true on
 * padding, as DETR-style detectors expect; {@link #maskFor} resizes the mask to a feature map's resolution by
 * nearest-neighbour sampling (PyTorch's {@code F.interpolate(mode="nearest")}).
 */
public final class PaddedBatch implements AutoCloseable {
    private final NDArray images;
    private final NDArray mask;

    /** A batch and its mask; the mask must be (N, H, W) for images (N, C, H, W). */
    public PaddedBatch(NDArray images, NDArray mask) {
        Shape s = images.getShape();
        Shape m = mask.getShape();
        if (s.dimension() != 4 || m.dimension() != 3 || m.get(0) != s.get(0) || m.get(1) != s.get(2) || m.get(2) != s.get(3)) {
            throw new IllegalArgumentException("mask of shape " + m + " does not match the image batch of shape " + s
                    + ": expected (" + s.get(0) + ", " + (s.dimension() > 2 ? s.get(2) : "H") + ", "
                    + (s.dimension() > 3 ? s.get(3) : "W") + ")");
        }
        this.images = images;
        this.mask = mask.getDataType() == DataType.BOOLEAN ? mask : mask.toType(DataType.BOOLEAN, false);
    }

    /** Pads CHW images (same channel count) to the largest height and width. */
    public static PaddedBatch of(NDManager manager, List<NDArray> chw) {
        if (chw.isEmpty()) {
            throw new IllegalArgumentException("no images to batch");
        }
        long c = chw.get(0).getShape().get(0);
        long h = 0;
        long w = 0;
        for (int i = 0; i < chw.size(); i++) {
            Shape s = chw.get(i).getShape();
            if (s.dimension() != 3 || s.get(0) != c) {
                throw new IllegalArgumentException("image " + i + " has shape " + s + "; every image must be (" + c + ", H, W)");
            }
            h = Math.max(h, s.get(1));
            w = Math.max(w, s.get(2));
        }
        NDArray batch = manager.zeros(new Shape(chw.size(), c, h, w), chw.get(0).getDataType());
        NDArray pad = manager.ones(new Shape(chw.size(), h, w), DataType.UINT8);
        for (int i = 0; i < chw.size(); i++) {
            Shape s = chw.get(i).getShape();
            batch.set(new NDIndex("{}, :, :{}, :{}", i, s.get(1), s.get(2)), chw.get(i));
            pad.set(new NDIndex("{}, :{}, :{}", i, s.get(1), s.get(2)), 0);
        }
        NDArray mask = pad.toType(DataType.BOOLEAN, false);
        pad.close();
        return new PaddedBatch(batch, mask);
    }

    public NDArray images() {
        return images;
    }

    /** True on padding. */
    public NDArray mask() {
        return mask;
    }

    /** The mask at a feature map's resolution (h, w), by nearest-neighbour sampling. */
    public NDArray maskFor(long h, long w) {
        Shape m = mask.getShape();
        long[] rows = new long[(int) h];
        long[] cols = new long[(int) w];
        for (int i = 0; i < h; i++) {
            rows[i] = (long) Math.floor(i * (m.get(1) / (double) h));
        }
        for (int j = 0; j < w; j++) {
            cols[j] = (long) Math.floor(j * (m.get(2) / (double) w));
        }
        NDManager mgr = mask.getManager();
        try (NDArray r = mgr.create(rows); NDArray cIdx = mgr.create(cols);
                NDArray byRow = mask.get(new NDIndex(":, {}, :", r))) {
            return byRow.get(new NDIndex(":, :, {}", cIdx));
        }
    }

    /** The mask for each feature map, in order. */
    public List<NDArray> masksFor(List<NDArray> features) {
        List<NDArray> out = new ArrayList<>();
        for (NDArray f : features) {
            Shape s = f.getShape();
            if (s.get(0) != mask.getShape().get(0)) {
                throw new IllegalArgumentException("feature map of shape " + s + " has another batch size than the mask "
                        + mask.getShape());
            }
            out.add(maskFor(s.get(2), s.get(3)));
        }
        return out;
    }

    @Override
    public void close() {
        images.close();
        mask.close();
    }
}
