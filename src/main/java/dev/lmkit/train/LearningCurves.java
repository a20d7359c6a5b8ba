package dev.lmkit.train;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The PNG of train and validation perplexity over epochs, written at the end of training. */
public final class LearningCurves {
    private LearningCurves() {
    }

    public static void write(List<MetricsCsv.Row> rows, String title, Path png) throws IOException {
        // a diverged run's infinite losses cannot be drawn: plot only the finite points
        rows = rows.stream().filter(r -> Double.isFinite(Math.exp(r.trainLoss())) && Double.isFinite(Math.exp(r.validLoss()))).toList();
        if (rows.isEmpty()) return;
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
                .xAxisTitle("epoch").yAxisTitle("perplexity").build();
        
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        double[] x = rows.stream().mapToDouble(MetricsCsv.Row::epoch).toArray();
        chart.addSeries("train", x, rows.stream().mapToDouble(r -> Math.exp(r.trainLoss())).toArray())
                .setMarker(SeriesMarkers.CIRCLE);
        chart.addSeries("valid", x, rows.stream().mapToDouble(r -> Math.exp(r.validLoss())).toArray())
                .setMarker(SeriesMarkers.DIAMOND);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
