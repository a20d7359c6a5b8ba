package dev.lmkit.agreement;

import java.awt.*;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Accuracy bars grouped by row, one bar per series in the legend's colours, each with its 95% Wilson whisker, and a
 * dashed reference line (chance, a majority baseline) — {@link AccuracyChart}'s layout with several bars a row. Drawn by
 * {@code agreement compare} (series: models), {@code probe} (layers and states) and {@code ablate} (attractor counts).
 */
public final class GroupedBarChart {
    private static final Color[] COLORS = {new Color(70, 110, 170), new Color(220, 130, 40), new Color(80, 160, 90),
            new Color(170, 70, 150), new Color(120, 120, 120), new Color(190, 60, 60)};
    private static final int BAR = 16, GAP = 12, TOP = 76, BOTTOM = 44, RIGHT = 150, PLOT = 560;
    private static final Font FONT = AccuracyChart.FONT;

    /** A row's label and, per series, items right and items ({@code n[s]} 0: no bar). */
    public record Row(String label, long[] correct, long[] n) {
        double accuracy(int s) {
            return n[s] == 0 ? 0 : (double) correct[s] / n[s];
        }
    }

    private GroupedBarChart() {
    }

    /** {@code reference}: where the dashed line goes, as an accuracy (0.5 for chance). */
    public static void write(Path png, String title, String explanation, List<String> series, List<Row> rows, double reference)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        FontMetrics fm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics().getFontMetrics(FONT);
        int labels = 20 + rows.stream().mapToInt(r -> fm.stringWidth(r.label())).max().orElse(0);
        int block = series.size() * BAR + GAP;
        int width = labels + PLOT + RIGHT, height = TOP + rows.size() * block + BOTTOM;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = AccuracyChart.canvas(image, title, explanation);
        int x = 12;
        for (int s = 0; s < series.size(); s++) { // legend
            g.setColor(COLORS[s % COLORS.length]);
            g.fillRect(x, 52, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(series.get(s), x + 16, 63);
            x += 36 + fm.stringWidth(series.get(s));
        }
        int bottom = TOP + rows.size() * block;
        AccuracyChart.axis(g, fm, labels, PLOT, TOP, bottom);
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            int y = TOP + i * block;
            g.setColor(Color.BLACK);
            g.drawString(r.label(), labels - 10 - fm.stringWidth(r.label()), y + block / 2 + fm.getAscent() / 2 - 6);
            for (int s = 0; s < series.size(); s++) {
                int top = y + s * BAR, mid = top + BAR / 2;
                g.setColor(COLORS[s % COLORS.length]);
                g.fillRect(labels, top + 2, (int) Math.round(r.accuracy(s) * PLOT), BAR - 4);
                double[] ci = SuiteSummary.wilson(r.correct()[s], r.n()[s]);
                int lo = labels + (int) Math.round(ci[0] * PLOT), hi = labels + (int) Math.round(ci[1] * PLOT);
                g.setColor(Color.BLACK);
                g.drawLine(lo, mid, hi, mid);
                g.drawLine(lo, mid - 3, lo, mid + 3);
                g.drawLine(hi, mid - 3, hi, mid + 3);
                String value = r.n()[s] == 0 ? "no items" : String.format(Locale.ROOT, "%.1f%%", 100 * r.accuracy(s));
                g.drawString(value, Math.min(hi + 6, width - fm.stringWidth(value) - 4), mid + fm.getAscent() / 2 - 2);
            }
        }
        AccuracyChart.finish(g, image, labels + (int) Math.round(reference * PLOT), TOP, bottom, png);
    }
}
