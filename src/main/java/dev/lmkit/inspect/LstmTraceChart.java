package dev.lmkit.inspect;

import javax.imageio.ImageIO;
import java.awt.*;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A heatmap PNG of one quantity of an {@link LstmTrace} layer: one row per chosen unit, one column
 * per token. Cell states and outputs use a blue–white–red scale centred on 0; gates (in [0, 1]) a
 * white-to-green one. Drawn with Java2D rather than a chart library so that token labels stay legible.
 */
public final class LstmTraceChart {
    private static final int CELL_W = 64, CELL_H = 22, LEFT = 90, TOP = 60;

    private LstmTraceChart() {
    }

    /** {@code values} is [token][unit] (e.g. {@code layer.cell()}); {@code units} picks and orders the rows. */
    public static void write(Path png, String title, List<String> tokens, double[][] values, List<Integer> units, boolean gate) {
        if (units.isEmpty()) throw new IllegalArgumentException("no units to draw");
        double max = gate ? 1 : 1e-9;
        if (!gate) for (double[] row : values) for (int u : units) max = Math.max(max, Math.abs(row[u]));
        int width = LEFT + tokens.size() * CELL_W + 110, height = TOP + units.size() * CELL_H + 70;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        for (int r = 0; r < units.size(); r++) {
            String label = "unit " + units.get(r);
            g.setColor(Color.BLACK);
            g.drawString(label, LEFT - 8 - fm.stringWidth(label), TOP + r * CELL_H + CELL_H / 2 + 5);
            for (int t = 0; t < tokens.size(); t++) {
                double v = values[t][units.get(r)];
                g.setColor(gate ? sequential(v) : diverging(v / max));
                g.fillRect(LEFT + t * CELL_W, TOP + r * CELL_H, CELL_W - 1, CELL_H - 1);
            }
        }
        g.setColor(Color.BLACK);
        int below = TOP + units.size() * CELL_H + 18;
        for (int t = 0; t < tokens.size(); t++) {
            String token = tokens.get(t).length() > 9 ? tokens.get(t).substring(0, 8) + "…" : tokens.get(t);
            g.drawString(token, LEFT + t * CELL_W + (CELL_W - fm.stringWidth(token)) / 2, below);
        }
        g.drawString("token (read left to right; each column is the state after reading it)", LEFT, below + 24);
        int barX = LEFT + tokens.size() * CELL_W + 30, barH = Math.max(60, units.size() * CELL_H);
        for (int y = 0; y < barH; y++) {
            double v = 1 - 2.0 * y / barH; // +1 at the top, -1 at the bottom
            g.setColor(gate ? sequential((v + 1) / 2) : diverging(v));
            g.fillRect(barX, TOP + y, 16, 1);
        }
        g.setColor(Color.BLACK);
        g.drawString(String.format(gate ? "%.0f" : "%+.2f", gate ? 1.0 : max), barX + 20, TOP + 10);
        g.drawString(String.format(gate ? "%.0f" : "%+.2f", gate ? 0.0 : -max), barX + 20, TOP + barH);
        g.dispose();
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            dev.lmkit.OutputFiles.write(png, temp -> ImageIO.write(img, "png", temp.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** -1 → blue, 0 → white, +1 → red. */
    private static Color diverging(double v) {
        double x = Math.max(-1, Math.min(1, v));
        int fade = (int) Math.round(255 * (1 - Math.abs(x)));
        return x >= 0 ? new Color(255, fade, fade) : new Color(fade, fade, 255);
    }

    /** 0 → white, 1 → dark green. */
    private static Color sequential(double v) {
        double x = Math.max(0, Math.min(1, v));
        return new Color((int) (255 - 235 * x), (int) (255 - 135 * x), (int) (255 - 215 * x));
    }
}
