package dev.lmkit.agreement;

import java.awt.*;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code agreement compare}'s chart: per suite and group a bar per model (accuracy, 95% Wilson whisker), models in
 * the legend's colours, chance dashed at 50% — {@link AccuracyChart}'s layout with one bar per model.
 */
final class ComparisonChart {
    private static final Color[] COLORS = {new Color(70, 110, 170), new Color(220, 130, 40), new Color(80, 160, 90),
            new Color(170, 70, 150), new Color(120, 120, 120), new Color(190, 60, 60)};
    private static final int BAR = 16, GAP = 12, TOP = 76, BOTTOM = 44, RIGHT = 150, PLOT = 560;
    private static final Font FONT = AccuracyChart.FONT;

    private ComparisonChart() {
    }

    static void write(Comparison c, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        FontMetrics fm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics().getFontMetrics(FONT);
        int labels = 20 + c.rows().stream().mapToInt(r -> fm.stringWidth(label(r))).max().orElse(0);
        int block = c.models().size() * BAR + GAP;
        int width = labels + PLOT + RIGHT, height = TOP + c.rows().size() * block + BOTTOM;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = AccuracyChart.canvas(image, "agreement accuracy by model",
                "bars: accuracy on the items every model can score; whiskers: 95% Wilson interval; dashed: chance");
        int x = 12;
        for (int m = 0; m < c.models().size(); m++) { // legend
            g.setColor(COLORS[m % COLORS.length]);
            g.fillRect(x, 52, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(c.models().get(m), x + 16, 63);
            x += 36 + fm.stringWidth(c.models().get(m));
        }
        int bottom = TOP + c.rows().size() * block;
        AccuracyChart.axis(g, fm, labels, PLOT, TOP, bottom);
        for (int i = 0; i < c.rows().size(); i++) {
            Comparison.Row r = c.rows().get(i);
            int y = TOP + i * block;
            g.setColor(Color.BLACK);
            g.drawString(label(r), labels - 10 - fm.stringWidth(label(r)), y + block / 2 + fm.getAscent() / 2 - 6);
            for (int m = 0; m < c.models().size(); m++) {
                int top = y + m * BAR, mid = top + BAR / 2;
                g.setColor(COLORS[m % COLORS.length]);
                g.fillRect(labels, top + 2, (int) Math.round((r.n() == 0 ? 0 : r.accuracy(m)) * PLOT), BAR - 4);
                double[] ci = SuiteSummary.wilson(r.correct()[m], r.n());
                int lo = labels + (int) Math.round(ci[0] * PLOT), hi = labels + (int) Math.round(ci[1] * PLOT);
                g.setColor(Color.BLACK);
                g.drawLine(lo, mid, hi, mid);
                g.drawLine(lo, mid - 3, lo, mid + 3);
                g.drawLine(hi, mid - 3, hi, mid + 3);
                String value = r.n() == 0 ? "no items" : String.format(Locale.ROOT, "%.1f%%", 100 * r.accuracy(m));
                g.drawString(value, Math.min(hi + 6, width - fm.stringWidth(value) - 4), mid + fm.getAscent() / 2 - 2);
            }
        }
        AccuracyChart.finish(g, image, labels + PLOT / 2, TOP, bottom, png);
    }

    private static String label(Comparison.Row r) {
        return (r.group() == null ? r.suite() : r.suite() + ": " + r.group()) + " (n=" + r.n() + ")";
    }
}
