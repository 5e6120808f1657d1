package org.efficientmixnet.stego.stc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class F5EmbeddingTest {

    @Test
    void roundTripsOverSizesMessagesAndComponents() {
        for (int t = 0; t < 10; t++) {
            int side = 64 + 16 * (t % 4);
            int[][][] cover = t % 2 == 0
                    ? new int[][][] {MessageHidingTest.coefficients(side, side + 8, t)}
                    : new int[][][] {MessageHidingTest.coefficients(side, side, t), MessageHidingTest.coefficients(side / 2, side / 2, t + 50),
                        MessageHidingTest.coefficients(side / 2, side / 2, t + 99)};
            byte[] msg = MessageHidingTest.message(new int[] {0, 1, 17, 40, 70}[t % 5], t);
            int[][][] before = copy(cover);
            F5Embedding.Hidden h = F5Embedding.hide(cover, msg, "key" + t);
            assertTrue(java.util.Arrays.deepEquals(before, cover), "the cover is not modified");
            assertArrayEquals(msg, F5Embedding.reveal(h.stegoComponents(), "key" + t), "t=" + t);
            assertTrue(h.k() >= 1);
            long shrunk = 0;
            for (int i = 0; i < cover.length; i++) {
                for (int r = 0; r < cover[i].length; r++) {
                    for (int c = 0; c < cover[i][0].length; c++) {
                        int a = cover[i][r][c];
                        int b = h.stegoComponents()[i][r][c];
                        if (a != b) {
                            assertTrue((r & 7) != 0 || (c & 7) != 0, "DC changed");
                            assertEquals(Math.abs(a) - 1, Math.abs(b), "F5 decrements the magnitude");
                            assertTrue(a != 0 && (b == 0 || Integer.signum(a) == Integer.signum(b)));
                            shrunk += b == 0 ? 1 : 0;
                        }
                    }
                }
            }
            assertEquals(h.shrinkages(), shrunk);
        }
    }

    @Test
    void matrixEncodingChangesFewCoefficientsForShortMessages() {
        int[][][] cover = {MessageHidingTest.coefficients(128, 128, 3)};
        byte[] msg = MessageHidingTest.message(40, 1);
        F5Embedding.Hidden h = F5Embedding.hide(cover, msg, "k");
        assertTrue(h.k() >= 4, "k = " + h.k());
        // (1, 2^k-1, k): at most one change per k bits, and 1 - 2^-k of the groups change
        double bits = 8 * (40 + 4) + 32;
        assertTrue(h.changes() - h.shrinkages() < bits / h.k() + 32, h.changes() + " changes for " + bits + " bits");
        assertArrayEquals(msg, F5Embedding.reveal(h.stegoComponents(), "k"));
    }

    @Test
    void wrongKeyAndOverCapacity() {
        int[][][] cover = {MessageHidingTest.coefficients(64, 64, 8)};
        F5Embedding.Hidden h = F5Embedding.hide(cover, MessageHidingTest.message(30, 2), "right");
        MessageHiding.NoMessageException e = assertThrows(MessageHiding.NoMessageException.class,
                () -> F5Embedding.reveal(h.stegoComponents(), "wrong"));
        assertTrue(e.getMessage().startsWith("no message found for this key"), e.getMessage());
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> F5Embedding.hide(cover, new byte[4000], "k"));
        assertTrue(big.getMessage().contains("exceeds F5's room"), big.getMessage());
    }

    static int[][][] copy(int[][][] a) {
        int[][][] o = new int[a.length][][];
        for (int i = 0; i < a.length; i++) {
            o[i] = new int[a[i].length][];
            for (int r = 0; r < a[i].length; r++) {
                o[i][r] = a[i][r].clone();
            }
        }
        return o;
    }
}
