package dev.lmkit.train;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * The PNG written at the end of training: the training loss as it went (steps.csv, a line) and the
 * validation at each validation (metrics.csv, markers), against epochs; perplexity for word models —
 * on a logarithmic axis when it spans more than a factor of 100, as on PTB from the first steps —
 * and bits per character for character models.
 */
public final class LearningCurves {
    private LearningCurves() {
    }

    /** Validation points only (no steps.csv), as a Spark run has them; a row's training loss may be unknown (NaN). */
    public static void write(List<MetricsCsv.Row> rows, boolean chars, String title, Path png) throws IOException {
        write(rows, List.of(), chars, title, png);
    }

    static void write(List<MetricsCsv.Row> validations, List<StepLossCsv.Row> steps, boolean chars, String title, Path png) throws IOException {
        DoubleUnaryOperator y = chars ? loss -> loss / Math.log(2) : Math::exp;
        // a diverged run's infinite losses cannot be drawn: plot only the finite points
        validations = validations.stream().filter(r -> Double.isFinite(y.applyAsDouble(r.validLoss()))).toList();
        List<MetricsCsv.Row> trained = validations.stream().filter(r -> Double.isFinite(y.applyAsDouble(r.trainLoss()))).toList();
        steps = steps.stream().filter(r -> Double.isFinite(y.applyAsDouble(r.trainLoss()))).toList();
        if (validations.isEmpty() && steps.isEmpty()) return;
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
                .xAxisTitle("epoch").yAxisTitle(chars ? "bits per character" : "perplexity").build();
        var styler = chart.getStyler();
        styler.setChartBackgroundColor(java.awt.Color.WHITE);
        styler.setXAxisDecimalPattern("0.##");
        styler.setYAxisDecimalPattern(chars ? "0.00" : "#,##0");
        double min = Double.POSITIVE_INFINITY, max = 0;
        for (var r : steps) {
            min = Math.min(min, y.applyAsDouble(r.trainLoss()));
            max = Math.max(max, y.applyAsDouble(r.trainLoss()));
        }
        for (var r : validations) {
            min = Math.min(min, y.applyAsDouble(r.validLoss()));
            max = Math.max(max, y.applyAsDouble(r.validLoss()));
        }
        for (var r : trained) {
            min = Math.min(min, y.applyAsDouble(r.trainLoss()));
            max = Math.max(max, y.applyAsDouble(r.trainLoss()));
        }
        styler.setYAxisLogarithmic(!chars && max > 100 * min); // two decades at least, so the axis has labelled ticks
        if (!steps.isEmpty()) {
            chart.addSeries("train (as it went)", steps.stream().mapToDouble(StepLossCsv.Row::epoch).toArray(),
                    steps.stream().mapToDouble(r -> y.applyAsDouble(r.trainLoss())).toArray()).setMarker(SeriesMarkers.NONE);
        } else if (!trained.isEmpty()) {
            chart.addSeries("train", trained.stream().mapToDouble(MetricsCsv.Row::epoch).toArray(),
                    trained.stream().mapToDouble(r -> y.applyAsDouble(r.trainLoss())).toArray()).setMarker(SeriesMarkers.CIRCLE);
        }
        if (!validations.isEmpty()) {
            chart.addSeries("valid", validations.stream().mapToDouble(MetricsCsv.Row::epoch).toArray(),
                    validations.stream().mapToDouble(r -> y.applyAsDouble(r.validLoss())).toArray()).setMarker(SeriesMarkers.DIAMOND);
        }
        // whole or not at all, and never through a link at that name
        dev.lmkit.OutputFiles.write(png, temp -> {
            try (var out = java.nio.file.Files.newOutputStream(temp)) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
        });
    }
}
