package org.efficientmixnet.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * The one place where a run's curves become pictures: loss.png, accuracy.png and lr.png in the run folder.
 * (A small Java2D line chart; to be switched to the plots package once it lands.)
 */
public final class RunPlots {
    private static final Color[] COLORS = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44)};

    private RunPlots() {
    }

    public static List<Path> write(List<EpochStats> history, Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        out.add(chart(dir.resolve("loss.png"), "loss", history,
                series("train", EpochStats::trainLoss, "validation", EpochStats::valLoss)));
        out.add(chart(dir.resolve("accuracy.png"), "accuracy", history,
                series("train", EpochStats::trainAcc, "validation", EpochStats::valAcc)));
        out.add(chart(dir.resolve("lr.png"), "learning rate (end of epoch)", history, series("lr", EpochStats::lr, null, null)));
        return out;
    }

    private static Map<String, ToDoubleFunction<EpochStats>> series(String a, ToDoubleFunction<EpochStats> fa, String b,
            ToDoubleFunction<EpochStats> fb) {
        Map<String, ToDoubleFunction<EpochStats>> m = new LinkedHashMap<>();
        m.put(a, fa);
        if (b != null) {
            m.put(b, fb);
        }
        return m;
    }

    private static Path chart(Path file, String title, List<EpochStats> h, Map<String, ToDoubleFunction<EpochStats>> s)
            throws IOException {
        int w = 640;
        int ht = 400;
        int l = 70;
        int r = 20;
        int t = 40;
        int b = 50;
        BufferedImage img = new BufferedImage(w, ht, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, ht);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (var f : s.values()) {
            for (EpochStats e : h) {
                double v = f.applyAsDouble(e);
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!Double.isFinite(lo)) {
            lo = 0;
            hi = 1;
        }
        if (hi - lo < 1e-12) {
            hi = lo + Math.max(1e-6, Math.abs(lo) * 0.1);
        }
        int x0 = h.isEmpty() ? 1 : h.get(0).epoch();
        int x1 = h.isEmpty() ? 1 : Math.max(x0 + 1, h.get(h.size() - 1).epoch());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.BLACK);
        g.drawString(title, l, 24);
        g.drawRect(l, t, w - l - r, ht - t - b);
        for (int i = 0; i <= 4; i++) {
            double v = lo + (hi - lo) * i / 4;
            int y = ht - b - (ht - t - b) * i / 4;
            g.setColor(new Color(230, 230, 230));
            g.drawLine(l + 1, y, w - r - 1, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.4g", v), 5, y + 4);
        }
        g.drawString("epoch " + x0, l, ht - b + 18);
        String last = "epoch " + x1;
        g.drawString(last, w - r - g.getFontMetrics().stringWidth(last), ht - b + 18);
        int k = 0;
        for (var e : s.entrySet()) {
            Color c = COLORS[k % COLORS.length];
            g.setColor(c);
            g.setStroke(new BasicStroke(2f));
            int px = -1;
            int py = -1;
            for (EpochStats st : h) {
                double v = e.getValue().applyAsDouble(st);
                if (!Double.isFinite(v)) {
                    px = -1;
                    continue;
                }
                int x = l + (int) Math.round((double) (st.epoch() - x0) / (x1 - x0) * (w - l - r));
                int y = ht - b - (int) Math.round((v - lo) / (hi - lo) * (ht - t - b));
                g.fillOval(x - 3, y - 3, 6, 6);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            g.fillRect(l + 10 + 110 * k, ht - 20, 12, 4);
            g.setColor(Color.BLACK);
            g.drawString(e.getKey(), l + 26 + 110 * k, ht - 14);
            k++;
        }
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bytes);
        CheckpointFiles.writeAtomically(file, bytes.toByteArray());
        return file;
    }
}
