package dev.lmkit.agreement;

import javax.imageio.ImageIO;
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
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    private ComparisonChart() {
    }

    static void write(Comparison c, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        FontMetrics fm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics().getFontMetrics(FONT);
        int labels = 20 + c.rows().stream().mapToInt(r -> fm.stringWidth(label(r))).max().orElse(0);
        int block = c.models().size() * BAR + GAP;
        int width = labels + PLOT + RIGHT, height = TOP + c.rows().size() * block + BOTTOM;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(FONT.deriveFont(Font.BOLD, 15f));
        g.setColor(Color.BLACK);
        g.drawString("agreement accuracy by model", 12, 24);
        g.setFont(FONT);
        g.setColor(Color.DARK_GRAY);
        g.drawString("bars: accuracy on the items every model can score; whiskers: 95% Wilson interval; dashed: chance", 12, 42);
        int x = 12;
        for (int m = 0; m < c.models().size(); m++) { // legend
            g.setColor(COLORS[m % COLORS.length]);
            g.fillRect(x, 52, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(c.models().get(m), x + 16, 63);
            x += 36 + fm.stringWidth(c.models().get(m));
        }
        int bottom = TOP + c.rows().size() * block;
        for (int tick = 0; tick <= 4; tick++) {
            int tx = labels + tick * PLOT / 4;
            g.setColor(new Color(225, 225, 225));
            g.drawLine(tx, TOP - 4, tx, bottom);
            g.setColor(Color.DARK_GRAY);
            String text = tick * 25 + "%";
            g.drawString(text, tx - fm.stringWidth(text) / 2, bottom + 18);
        }
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
        g.setColor(new Color(200, 30, 30));
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{7f, 5f}, 0f));
        g.drawLine(labels + PLOT / 2, TOP - 4, labels + PLOT / 2, bottom);
        g.dispose();
        dev.lmkit.OutputFiles.write(png, temp -> ImageIO.write(image, "png", temp.toFile()));
    }

    private static String label(Comparison.Row r) {
        return (r.group() == null ? r.suite() : r.suite() + ": " + r.group()) + " (n=" + r.n() + ")";
    }
}
