package org.efficientmixnet.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One tensor as read from or written to a weight file: element type, shape and the raw little-endian bytes.
 * Kept free of engine types so that every file format can be read and tested without native libraries;
 * conversion to an engine array happens only when weights are copied into a model.
 */
public final class TensorData {
    private final DType dtype;
    private final long[] shape;
    private final ByteBuffer data;

    public TensorData(DType dtype, long[] shape, ByteBuffer data) {
        this.dtype = dtype;
        this.shape = shape.clone();
        long n = numel(this.shape);
        if (n * dtype.bytes() != data.remaining()) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " and type " + dtype
                    + " needs " + n * dtype.bytes() + " bytes but " + data.remaining() + " were given");
        }
        this.data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    public static TensorData ofFloats(long[] shape, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new TensorData(DType.FLOAT32, shape, b);
    }

    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public DType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    public long numel() {
        return numel(shape);
    }

    /** A read-only little-endian view of the raw bytes. */
    public ByteBuffer data() {
        return data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The values as float32, converting from any floating or integer type (float16 and bfloat16 included). */
    public float[] toFloatArray() {
        int n = Math.toIntExact(numel());
        float[] out = new float[n];
        ByteBuffer b = data();
        switch (dtype) {
            case FLOAT32 -> b.asFloatBuffer().get(out);
            case FLOAT64 -> { for (int i = 0; i < n; i++) out[i] = (float) b.getDouble(i * 8); }
            case FLOAT16 -> { for (int i = 0; i < n; i++) out[i] = halfToFloat(b.getShort(i * 2)); }
            case BFLOAT16 -> { for (int i = 0; i < n; i++) out[i] = Float.intBitsToFloat((b.getShort(i * 2) & 0xffff) << 16); }
            case INT64 -> { for (int i = 0; i < n; i++) out[i] = b.getLong(i * 8); }
            case INT32 -> { for (int i = 0; i < n; i++) out[i] = b.getInt(i * 4); }
            case INT16 -> { for (int i = 0; i < n; i++) out[i] = b.getShort(i * 2); }
            case INT8 -> { for (int i = 0; i < n; i++) out[i] = b.get(i); }
            case UINT8, BOOL -> { for (int i = 0; i < n; i++) out[i] = b.get(i) & 0xff; }
        }
        return out;
    }

    /** IEEE 754 binary16 to float32 (Java 17 has no Float.float16ToFloat). */
    public static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /**
     * A strided view made contiguous: element {@code (i0..ik)} is read at element index
     * {@code offset + sum(i_j * strides[j])} of {@code source}. This is how PyTorch views (transposes, slices,
     * shared storages) and Fortran-ordered numpy arrays are materialized into the C order every reader returns.
     * A view that already is contiguous is not copied: it shares {@code source}'s bytes, so a storage viewed by many
     * tensors is held once.
     *
     * @throws IllegalArgumentException when any element would lie outside the source buffer
     */
    public static TensorData gather(DType dtype, long[] shape, long[] strides, long offset, ByteBuffer source) {
        if (strides.length != shape.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " and strides "
                    + Arrays.toString(strides) + " differ in rank");
        }
        long n = numel(shape);
        int es = dtype.bytes();
        long available = source.remaining() / es;
        if (n > 0) {
            long lo = offset;
            long hi = offset;
            for (int i = 0; i < shape.length; i++) {
                long reach = Math.multiplyExact(shape[i] - 1, strides[i]);
                if (reach < 0) {
                    lo += reach;
                } else {
                    hi += reach;
                }
            }
            if (lo < 0 || hi >= available) {
                throw new IllegalArgumentException("view of shape " + Arrays.toString(shape) + ", strides "
                        + Arrays.toString(strides) + " at offset " + offset + " reaches outside its storage of "
                        + available + " elements");
            }
        }
        ByteBuffer src = source.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (n == 0) {
            return new TensorData(dtype, shape, ByteBuffer.allocate(0));
        }
        if (isContiguous(shape, strides)) {
            // a contiguous view shares the source's bytes (a storage viewed by many tensors is held once)
            return new TensorData(dtype, shape, src.slice(Math.toIntExact(offset * es), Math.toIntExact(n * es)));
        }
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(Math.multiplyExact(n, (long) es))).order(ByteOrder.LITTLE_ENDIAN);
        if (n == 0) {
            return new TensorData(dtype, shape, out);
        }
        int rank = shape.length;
        boolean innerContiguous = rank == 0 || strides[rank - 1] == 1;
        long inner = rank == 0 ? 1 : shape[rank - 1];
        int outerRank = innerContiguous ? rank - 1 : rank;
        long[] idx = new long[Math.max(outerRank, 0)];
        byte[] tmp = new byte[innerContiguous ? Math.toIntExact(inner * es) : es];
        int pos = 0;
        while (true) {
            long at = offset;
            for (int i = 0; i < outerRank; i++) {
                at += idx[i] * strides[i];
            }
            src.position(Math.toIntExact(at * es));
            src.get(tmp);
            out.put(pos, tmp);
            pos += tmp.length;
            int d = outerRank - 1;
            while (d >= 0 && ++idx[d] == shape[d]) {
                idx[d] = 0;
                d--;
            }
            if (d < 0) {
                break;
            }
        }
        return new TensorData(dtype, shape, out);
    }

    /** True when {@code strides} are the row-major strides of {@code shape} (dimensions of size 1 ignored). */
    public static boolean isContiguous(long[] shape, long[] strides) {
        if (strides.length != shape.length) {
            return false;
        }
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] == 0) {
                return true;
            }
            if (shape[i] != 1 && strides[i] != acc) {
                return false;
            }
            acc *= shape[i];
        }
        return true;
    }

    /** A contiguous copy with the axes permuted like {@code numpy.transpose(a, axes)}. */
    public TensorData permuted(int... axes) {
        if (axes.length != shape.length) {
            throw new IllegalArgumentException("permutation " + Arrays.toString(axes) + " does not fit shape "
                    + Arrays.toString(shape));
        }
        long[] cStrides = contiguousStrides(shape);
        long[] newShape = new long[axes.length];
        long[] newStrides = new long[axes.length];
        boolean[] seen = new boolean[axes.length];
        for (int i = 0; i < axes.length; i++) {
            if (axes[i] < 0 || axes[i] >= axes.length || seen[axes[i]]) {
                throw new IllegalArgumentException("not a permutation: " + Arrays.toString(axes));
            }
            seen[axes[i]] = true;
            newShape[i] = shape[axes[i]];
            newStrides[i] = cStrides[axes[i]];
        }
        return gather(dtype, newShape, newStrides, 0, data);
    }

    /** The same bytes under another shape with the same number of elements. */
    public TensorData reshaped(long... newShape) {
        if (numel(newShape) != numel()) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape) + " to " + Arrays.toString(newShape));
        }
        return new TensorData(dtype, newShape, data());
    }

    /** Row-major (C order) strides, in elements, of a shape. */
    public static long[] contiguousStrides(long[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= Math.max(shape[i], 1);
        }
        return s;
    }

    /**
     * This tensor as float32; float16, bfloat16 and float64 are converted, float32 is returned as is. Integer
     * tensors (counters, indices) are returned unchanged because converting them is rarely what a caller means.
     */
    public TensorData toFloat32() {
        if (dtype == DType.FLOAT32 || !dtype.isFloating()) {
            return this;
        }
        return ofFloats(shape, toFloatArray());
    }

    /** The raw little-endian bytes as a new array. */
    public byte[] toByteArray() {
        byte[] b = new byte[data.remaining()];
        data().get(b);
        return b;
    }

    /** The values as longs, for integer tensors (and exact for floats holding integers). */
    public long[] toLongArray() {
        int n = Math.toIntExact(numel());
        long[] out = new long[n];
        ByteBuffer b = data();
        if (dtype.isFloating()) {
            if (dtype == DType.FLOAT64) {
                for (int i = 0; i < n; i++) {
                    out[i] = (long) b.getDouble(i * 8);
                }
            } else {
                float[] f = toFloatArray();
                for (int i = 0; i < n; i++) {
                    out[i] = (long) f[i];
                }
            }
            return out;
        }
        for (int i = 0; i < n; i++) {
            out[i] = switch (dtype) {
                case INT64 -> b.getLong(i * 8);
                case INT32 -> b.getInt(i * 4);
                case INT16 -> b.getShort(i * 2);
                case INT8 -> b.get(i);
                default -> b.get(i) & 0xff;
            };
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorData t && t.dtype == dtype && Arrays.equals(t.shape, shape) && t.data().equals(data());
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + data().hashCode();
    }

    @Override
    public String toString() {
        return "TensorData{" + dtype + " " + Arrays.toString(shape) + "}";
    }
}
