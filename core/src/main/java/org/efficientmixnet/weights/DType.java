package org.efficientmixnet.weights;

/** Element types found in weight files, with their size in bytes. Plain Java so readers need no engine. */
public enum DType {
    FLOAT64(8), FLOAT32(4), FLOAT16(2), BFLOAT16(2), INT64(8), INT32(4), INT16(2), INT8(1), UINT8(1), BOOL(1);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    public boolean isFloating() {
        return this == FLOAT64 || this == FLOAT32 || this == FLOAT16 || this == BFLOAT16;
    }
}
