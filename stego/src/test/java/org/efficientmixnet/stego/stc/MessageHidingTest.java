package org.efficientmixnet.stego.stc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.efficientmixnet.stego.embed.CostMap;
import org.efficientmixnet.stego.embed.Hill;
import org.efficientmixnet.stego.embed.JUniward;
import org.efficientmixnet.stego.embed.Lsb;
import org.efficientmixnet.stego.embed.Nsf5;
import org.efficientmixnet.stego.embed.Uerd;
import org.junit.jupiter.api.Test;

class MessageHidingTest {

    static int[][] texture(int rows, int cols, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[][] x = new int[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double smooth = 128 + 60 * Math.sin(r / 9.0) * Math.cos(c / 13.0);
                x[r][c] = (int) Math.max(0, Math.min(255, Math.round(smooth + (c > cols / 3 ? rnd.nextGaussian() * 12 : 0))));
            }
        }
        // some saturated pixels: 0 can't go down, 255 can't go up
        x[0][0] = 0;
        x[1][1] = 255;
        return x;
    }

    static int[][] coefficients(int rows, int cols, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[][] c = new int[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int col = 0; col < cols; col++) {
                int k = r % 8;
                int l = col % 8;
                double scale = k + l == 0 ? 20 : 5.0 / (1 + k + l);
                c[r][col] = (int) Math.round(-scale * Math.log(1 - rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1));
            }
        }
        return c;
    }

    static int[] quant() {
        int[] q = new int[64];
        for (int i = 0; i < 64; i++) {
            q[i] = 3 + 2 * (i / 8 + i % 8);
        }
        return q;
    }

    static byte[] message(int length, long seed) {
        byte[] m = new byte[length];
        new SplittableRandom(seed).nextBytes(m);
        return m;
    }

    /**
     * Small messages put their header in more elements (the header's rate near the frame's), large ones in the
     * fewest, as every stego before; reveal finds either, and a wrong key still reveals nothing.
     */
    @Test
    void headerSizeFollowsTheMessageAndRevealFindsIt() {
        int[][] c = coefficients(256, 256, 21);
        int[] q = quant();
        int[][][] covers = {c};
        CostMap[] costs = {JUniward.costs(c, q)};
        int n = 256 * 256;
        assertEquals(1024, MessageHiding.headerElements(n));
        assertArrayEquals(new int[] {1024, 2048, 4096, 8192}, MessageHiding.headerSizes(n));
        assertEquals(4096, MessageHiding.headerSize(n, 1000));
        assertEquals(1024, MessageHiding.headerSize(n, 8000));
        MessageHiding.Options o = MessageHiding.Options.of(true);
        for (int bytes : new int[] {3, 40, 120, 2000}) {
            byte[] msg = message(bytes, bytes);
            MessageHiding.Hidden h = MessageHiding.hide(covers, costs, msg, "sized", o);
            assertArrayEquals(msg, MessageHiding.reveal(h.stegoComponents(), "sized", o), bytes + " bytes");
            MessageHiding.NoMessageException e = assertThrows(MessageHiding.NoMessageException.class,
                    () -> MessageHiding.reveal(h.stegoComponents(), "other", o));
            assertTrue(e.getMessage().startsWith("no message found for this key"), e.getMessage());
        }
    }

    /** Every change is ±1, in an allowed direction, and elements of infinite cost are untouched. */
    static void assertAllowed(int[][][] cover, CostMap[] costs, int[][][] stego) {
        for (int i = 0; i < cover.length; i++) {
            for (int r = 0; r < cover[i].length; r++) {
                for (int c = 0; c < cover[i][0].length; c++) {
                    int d = stego[i][r][c] - cover[i][r][c];
                    assertTrue(d >= -1 && d <= 1, "change " + d);
                    if (d == 1) {
                        assertTrue(costs[i].rhoPlus()[r][c] < Double.POSITIVE_INFINITY, "wet +1 at " + r + "," + c);
                    }
                    if (d == -1) {
                        assertTrue(costs[i].rhoMinus()[r][c] < Double.POSITIVE_INFINITY, "wet -1 at " + r + "," + c);
                    }
                }
            }
        }
    }

    @Test
    void spatialRoundTripsOverSeedsPayloadsAndSizes() {
        int[] sizes = {32, 48, 64, 100};
        double[] rates = {0.05, 0.2, 0.4, 0.8};
        for (int t = 0; t < 12; t++) {
            int side = sizes[t % sizes.length];
            int[][] px = texture(side, side + 8 * (t % 3), 100 + t);
            CostMap cost = Hill.costs(px);
            int bytes = (int) (rates[t % rates.length] * side * side / 8);
            CostMap[] costs = {cost};
            long cap = MessageHiding.capacityBytes(costs, MessageHiding.Options.of(true));
            bytes = (int) Math.min(bytes, cap);
            byte[] msg = message(bytes, t);
            String key = "key-" + t;
            MessageHiding.Options o = new MessageHiding.Options(true, new int[] {10, 7, 12}[t % 3]);
            MessageHiding.Hidden h = MessageHiding.hide(new int[][][] {px}, costs, msg, key, o);
            assertAllowed(new int[][][] {px}, costs, h.stegoComponents());
            assertArrayEquals(msg, MessageHiding.reveal(h.stegoComponents(), key, o), "t=" + t);
            int[][] y = h.stegoComponents()[0];
            assertEquals(0, y[0][0] == 0 ? 0 : 1, "0 never goes down");
            assertTrue(y[1][1] <= 255);
        }
    }

    @Test
    void jpegRoundTripsWithSeveralComponents() {
        int[][] lum = coefficients(64, 96, 5);
        int[][] cb = coefficients(32, 48, 6);
        int[][] cr = coefficients(32, 48, 7);
        int[][][] cover = {lum, cb, cr};
        int[] q = quant();
        CostMap[] juni = {JUniward.costs(lum, q), JUniward.costs(cb, q), JUniward.costs(cr, q)};
        CostMap[] uerd = {Uerd.costs(lum, q), Uerd.costs(cb, q), Uerd.costs(cr, q)};
        for (CostMap[] costs : new CostMap[][] {juni, uerd}) {
            for (int bytes : new int[] {0, 1, 50, 400}) {
                byte[] msg = message(bytes, bytes);
                MessageHiding.Hidden h = MessageHiding.hide(cover, costs, msg, "jpeg key", MessageHiding.Options.of(true));
                assertAllowed(cover, costs, h.stegoComponents());
                assertArrayEquals(msg, MessageHiding.reveal(h.stegoComponents(), "jpeg key", MessageHiding.Options.of(true)));
                assertEquals(64 + 8 * (bytes + 4), h.embeddedBits());
            }
        }
    }

    @Test
    void binaryRoundTripsLsbAndNsf5() {
        int[][] px = texture(64, 64, 9);
        MessageHiding.Options bin = MessageHiding.Options.of(false);
        for (CostMap c : new CostMap[] {Lsb.matchingCosts(px), Lsb.replacementCosts(px)}) {
            byte[] msg = message(120, 1);
            MessageHiding.Hidden h = MessageHiding.hide(new int[][][] {px}, new CostMap[] {c}, msg, "k", bin);
            assertAllowed(new int[][][] {px}, new CostMap[] {c}, h.stegoComponents());
            assertArrayEquals(msg, MessageHiding.reveal(h.stegoComponents(), "k", bin));
        }
        int[][] coef = coefficients(96, 96, 4);
        CostMap nsf5 = Nsf5.costs(coef);
        byte[] msg = message(60, 2);
        MessageHiding.Hidden h = MessageHiding.hide(new int[][][] {coef}, new CostMap[] {nsf5}, msg, "k", bin);
        assertAllowed(new int[][][] {coef}, new CostMap[] {nsf5}, h.stegoComponents());
        int[][] y = h.stegoComponents()[0];
        for (int r = 0; r < 96; r++) {
            for (int c = 0; c < 96; c++) {
                if (y[r][c] != coef[r][c]) {
                    assertEquals(Math.abs(coef[r][c]) - 1, Math.abs(y[r][c]), "nsF5 shrinks towards zero");
                }
            }
        }
        assertArrayEquals(msg, MessageHiding.reveal(new int[][][] {y}, "k", bin));
    }

    @Test
    void aWrongKeyRevealsNothing() {
        int[][] px = texture(64, 64, 3);
        CostMap[] costs = {Hill.costs(px)};
        MessageHiding.Options o = MessageHiding.Options.of(true);
        MessageHiding.Hidden h = MessageHiding.hide(new int[][][] {px}, costs, message(200, 5), "right", o);
        for (String wrong : new String[] {"wrong", "Right", "right ", "x"}) {
            MessageHiding.NoMessageException e = assertThrows(MessageHiding.NoMessageException.class,
                    () -> MessageHiding.reveal(h.stegoComponents(), wrong, o));
            assertTrue(e.getMessage().startsWith("no message found for this key"), e.getMessage());
        }
        assertThrows(MessageHiding.NoMessageException.class,
                () -> MessageHiding.reveal(new int[][][] {px}, "right", o), "the cover holds no message");
        assertThrows(IllegalArgumentException.class,
                () -> MessageHiding.hide(new int[][][] {px}, costs, message(10, 5), "", o), "empty key");
    }

    @Test
    void aMessageOverTheCapacityIsRefusedBeforeAnyWork() {
        int[][] px = texture(64, 64, 3);
        CostMap[] costs = {Hill.costs(px)};
        MessageHiding.Options o = MessageHiding.Options.of(true);
        long cap = MessageHiding.capacityBytes(costs, o);
        assertTrue(cap > 300 && cap < 64 * 64 * 1.585 / 8, "capacity " + cap);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MessageHiding.hide(new int[][][] {px}, costs, message((int) cap + 1, 1), "k", o));
        assertTrue(e.getMessage().contains("exceeds the capacity of " + cap + " bytes"), e.getMessage());
        byte[] full = message((int) cap, 2);
        MessageHiding.Hidden h = MessageHiding.hide(new int[][][] {px}, costs, full, "k", o);
        assertArrayEquals(full, MessageHiding.reveal(h.stegoComponents(), "k", o));
        assertThrows(IllegalArgumentException.class,
                () -> MessageHiding.hide(new int[][][] {texture(16, 16, 1)}, new CostMap[] {Hill.costs(texture(16, 16, 1))},
                        message(1, 1), "k", o), "too small");
    }

    @Test
    void codingLossIsSmall() {
        double stc = 0;
        double sim = 0;
        double payloadLoss = 0;
        for (int t = 0; t < 3; t++) {
            int[][] px = texture(128, 128, 40 + t);
            CostMap[] costs = {Hill.costs(px)};
            int bytes = (int) (0.4 * 128 * 128 / 8);
            MessageHiding.Hidden h = MessageHiding.hide(new int[][][] {px}, costs, message(bytes, t), "k" + t,
                    MessageHiding.Options.of(true));
            stc += h.distortion();
            sim += MessageHiding.simulatedDistortion(costs, h.embeddedBits(), true);
            payloadLoss += 1 - h.embeddedBits() / MessageHiding.payloadAtDistortion(costs, h.distortion(), true);
        }
        double excess = stc / sim - 1;
        // h = 10: about 15 % more distortion than the bound, about 5 % less payload than it at equal distortion
        assertTrue(excess > 0 && excess < 0.2, "distortion excess " + excess);
        assertTrue(payloadLoss / 3 > 0 && payloadLoss / 3 < 0.1, "payload coding loss " + payloadLoss / 3);
    }

    @Test
    void algorithmsWithoutAdditiveCostsCannotHide() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StcFiles.options(org.efficientmixnet.stego.embed.Mipod.ALGORITHM, 10));
        assertTrue(e.getMessage().startsWith("mipod has no additive costs"), e.getMessage());
        assertTrue(StcFiles.options(org.efficientmixnet.stego.embed.Nsf5.ALGORITHM, 10).ternary() == false);
        assertTrue(StcFiles.options(org.efficientmixnet.stego.embed.Wow.ALGORITHM, 10).ternary());
    }

    @Test
    void payloadAtDistortionInvertsTheSimulator() {
        int[][] px = texture(64, 64, 8);
        CostMap[] costs = {Hill.costs(px)};
        for (boolean ternary : new boolean[] {true, false}) {
            double d = MessageHiding.simulatedDistortion(costs, 700, ternary);
            assertEquals(700, MessageHiding.payloadAtDistortion(costs, d, ternary), 700 * 1e-5);
        }
    }
}
