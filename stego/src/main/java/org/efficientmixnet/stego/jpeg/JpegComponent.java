package org.efficientmixnet.stego.jpeg;

/**
 * One colour component's quantized DCT coefficients, as libjpeg's {@code jpeg_read_coefficients} gives them:
 * {@code widthInBlocks × heightInBlocks} visible blocks (plus the padding blocks that complete the last MCU,
 * kept so that a rewrite is lossless), each 64 coefficients in natural (row-major) order.
 */
public final class JpegComponent {
    private final int id;
    private final int h;
    private final int v;
    private final int quantTable;
    private final int widthInBlocks;
    private final int heightInBlocks;
    private final int allocWidth;
    private final int allocHeight;
    final int[] coef;

    JpegComponent(int id, int h, int v, int quantTable, int widthInBlocks, int heightInBlocks, int allocWidth, int allocHeight) {
        this.id = id;
        this.h = h;
        this.v = v;
        this.quantTable = quantTable;
        this.widthInBlocks = widthInBlocks;
        this.heightInBlocks = heightInBlocks;
        this.allocWidth = allocWidth;
        this.allocHeight = allocHeight;
        this.coef = new int[allocWidth * allocHeight * 64];
    }

    public int id() { return id; }
    /** Horizontal sampling factor. */
    public int h() { return h; }
    /** Vertical sampling factor. */
    public int v() { return v; }
    /** Index of this component's quantization table. */
    public int quantTable() { return quantTable; }
    public int widthInBlocks() { return widthInBlocks; }
    public int heightInBlocks() { return heightInBlocks; }
    int allocWidth() { return allocWidth; }
    int allocHeight() { return allocHeight; }

    int offset(int row, int col) {
        return (row * allocWidth + col) * 64;
    }

    /** Coefficient {@code k} (natural order) of block ({@code row}, {@code col}). */
    public int get(int row, int col, int k) {
        check(row, col);
        return coef[offset(row, col) + k];
    }

    public void set(int row, int col, int k, int value) {
        check(row, col);
        if (value < -32768 || value > 32767) {
            throw new IllegalArgumentException("coefficient " + value + " out of the 16-bit range");
        }
        coef[offset(row, col) + k] = value;
    }

    private void check(int row, int col) {
        if (row < 0 || col < 0 || row >= heightInBlocks || col >= widthInBlocks) {
            throw new IndexOutOfBoundsException("block (" + row + ", " + col + ") outside " + heightInBlocks + "×" + widthInBlocks);
        }
    }

    /**
     * The coefficients in the 2-D layout of steganalysis tools (jpeglib, conseal): element (8·i + k, 8·j + l)
     * is mode (k, l) of block (i, j).
     */
    public int[][] toLayout() {
        int[][] out = new int[heightInBlocks * 8][widthInBlocks * 8];
        for (int i = 0; i < heightInBlocks; i++) {
            for (int j = 0; j < widthInBlocks; j++) {
                int o = offset(i, j);
                for (int k = 0; k < 8; k++) {
                    for (int l = 0; l < 8; l++) {
                        out[8 * i + k][8 * j + l] = coef[o + 8 * k + l];
                    }
                }
            }
        }
        return out;
    }

    /** Sets the visible blocks from the 2-D layout (the inverse of {@link #toLayout()}). */
    public void fromLayout(int[][] layout) {
        if (layout.length != heightInBlocks * 8 || layout[0].length != widthInBlocks * 8) {
            throw new IllegalArgumentException("layout is " + layout.length + "×" + layout[0].length + ", expected "
                    + heightInBlocks * 8 + "×" + widthInBlocks * 8);
        }
        for (int i = 0; i < heightInBlocks; i++) {
            for (int j = 0; j < widthInBlocks; j++) {
                int o = offset(i, j);
                for (int k = 0; k < 8; k++) {
                    for (int l = 0; l < 8; l++) {
                        int value = layout[8 * i + k][8 * j + l];
                        if (value < -32768 || value > 32767) {
                            throw new IllegalArgumentException("coefficient " + value + " at (" + (8 * i + k) + ", "
                                    + (8 * j + l) + ") out of the 16-bit range");
                        }
                        coef[o + 8 * k + l] = value;
                    }
                }
            }
        }
    }

    JpegComponent copy() {
        JpegComponent c = new JpegComponent(id, h, v, quantTable, widthInBlocks, heightInBlocks, allocWidth, allocHeight);
        System.arraycopy(coef, 0, c.coef, 0, coef.length);
        return c;
    }
}
