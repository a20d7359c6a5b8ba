package dev.lmkit.agreement;

import javax.imageio.ImageIO;
import java.awt.*;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Accuracy as horizontal bars, one row per suite or group, its label whole at its left (rotated labels
 * under vertical bars slid under the wrong bar and truncated BLiMP paradigms to the same text), the 95%
 * Wilson interval as a whisker (drawn as it is: asymmetric), the accuracy printed, chance dashed at 50%.
 * Drawn with Java2D, so the layout is lmkit's own.
 */
final class AccuracyChart {
    /** {@code ties}: wrong because both sides scored the same; shown beside n so 0% is not read as "worse than chance". */
    record Row(String label, long correct, long n, long ties) {
        Row(String label, long correct, long n) {
            this(label, correct, n, 0);
        }

        double accuracy() {
            return n == 0 ? 0 : (double) correct / n;
        }
    }

    private static final int ROW = 26, TOP = 56, BOTTOM = 44, RIGHT = 200, PLOT = 560;
    static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    private AccuracyChart() {
    }

    /** One row per suite, or with a single suite one per group that splits it (or the suite itself). */
    static List<Row> rows(List<SuiteSummary> suites) {
        List<Row> rows = new ArrayList<>();
        if (suites.size() == 1) suites.get(0).breakdown().forEach((g, c) -> rows.add(new Row(g, c[0], c[1])));
        else for (SuiteSummary s : suites) rows.add(new Row(s.name(), s.correct(), s.n(), s.ties()));
        if (rows.isEmpty()) rows.add(new Row(suites.get(0).name(), suites.get(0).correct(), suites.get(0).n(), suites.get(0).ties()));
        return rows;
    }

    /** Accuracy by number of attractors ({@code n_attr=K} groups), per suite that has them, fewest attractors first. */
    static List<Row> attractorRows(List<SuiteSummary> suites) {
        List<Row> rows = new ArrayList<>();
        for (SuiteSummary s : suites) {
            SortedMap<Integer, long[]> byCount = new TreeMap<>();
            s.groups().forEach((g, c) -> {
                if (g.matches("n_attr=\\d+")) byCount.put(Integer.parseInt(g.substring("n_attr=".length())), c);
            });
            byCount.forEach((k, c) -> rows.add(new Row((suites.size() > 1 ? s.name() + ": " : "") + k
                    + (k == 1 ? " attractor" : " attractors"), c[0], c[1])));
        }
        return rows;
    }

    static void write(String title, List<Row> rows, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        FontMetrics fm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics().getFontMetrics(FONT);
        int labels = 20 + rows.stream().mapToInt(r -> fm.stringWidth(r.label())).max().orElse(0);
        int width = labels + PLOT + RIGHT, height = TOP + rows.size() * ROW + BOTTOM;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image, title, "bars: accuracy; whiskers: 95% Wilson interval; dashed: chance (50%)");
        int bottom = TOP + rows.size() * ROW;
        axis(g, fm, labels, PLOT, TOP, bottom);
        g.drawString("accuracy", labels + PLOT / 2 - fm.stringWidth("accuracy") / 2, bottom + 36);
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            int y = TOP + i * ROW, mid = y + ROW / 2;
            g.setColor(Color.BLACK);
            g.drawString(r.label(), labels - 10 - fm.stringWidth(r.label()), mid + fm.getAscent() / 2 - 2);
            g.setColor(new Color(70, 110, 170));
            g.fillRect(labels, y + 5, (int) Math.round(r.accuracy() * PLOT), ROW - 10);
            double[] ci = SuiteSummary.wilson(r.correct(), r.n());
            int lo = labels + (int) Math.round(ci[0] * PLOT), hi = labels + (int) Math.round(ci[1] * PLOT);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1.5f));
            g.drawLine(lo, mid, hi, mid);
            g.drawLine(lo, mid - 5, lo, mid + 5);
            g.drawLine(hi, mid - 5, hi, mid + 5);
            String value = r.n() == 0 ? "no scorable items" : String.format(Locale.ROOT, "%.1f%% (n=%d%s)", 100 * r.accuracy(), r.n(),
                    r.ties() > 0 ? ", " + r.ties() + " ties" : "");
            g.drawString(value, Math.min(hi + 8, width - fm.stringWidth(value) - 4), mid + fm.getAscent() / 2 - 2);
        }
        finish(g, image, labels + PLOT / 2, TOP, bottom, png);
    }

    /** A white image with its title and one line of explanation, drawing in {@link #FONT} from here on. */
    static Graphics2D canvas(BufferedImage image, String title, String explanation) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(FONT.deriveFont(Font.BOLD, 15f));
        g.setColor(Color.BLACK);
        g.drawString(title, 12, 24);
        g.setFont(FONT);
        g.setColor(Color.DARK_GRAY);
        g.drawString(explanation, 12, 42);
        return g;
    }

    /** Grid lines and labels at 0, 25, 50, 75 and 100% of a plot {@code plot} wide starting at {@code left}. */
    static void axis(Graphics2D g, FontMetrics fm, int left, int plot, int top, int bottom) {
        for (int tick = 0; tick <= 4; tick++) {
            int x = left + tick * plot / 4;
            g.setColor(new Color(225, 225, 225));
            g.drawLine(x, top - 4, x, bottom);
            g.setColor(Color.DARK_GRAY);
            String text = tick * 25 + "%";
            g.drawString(text, x - fm.stringWidth(text) / 2, bottom + 18);
        }
    }

    /** Chance dashed at {@code x}, then the image written whole to {@code png}. */
    static void finish(Graphics2D g, BufferedImage image, int x, int top, int bottom, Path png) throws IOException {
        g.setColor(new Color(200, 30, 30));
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{7f, 5f}, 0f));
        g.drawLine(x, top - 4, x, bottom);
        g.dispose();
        dev.lmkit.OutputFiles.write(png, temp -> ImageIO.write(image, "png", temp.toFile()));
    }
}
