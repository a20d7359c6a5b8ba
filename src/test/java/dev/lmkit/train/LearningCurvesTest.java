package dev.lmkit.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LearningCurvesTest {
    @TempDir
    Path dir;

    @Test
    void aDivergedRunStillGetsAChartOfItsFinitePoints() throws Exception {
        List<MetricsCsv.Row> rows = List.of(
                new MetricsCsv.Row(1, 10, 1.0, 5.0, 4.8, 1000, 1),
                new MetricsCsv.Row(2, 20, 1.0, 4.5, 4.4, 1000, 2),
                new MetricsCsv.Row(3, 30, 1e6, Double.POSITIVE_INFINITY, 800.0, 1000, 3)); // exp(800) overflows too
        Path png = dir.resolve("curves.png");
        LearningCurves.write(rows, "diverged", png);
        assertTrue(Files.size(png) > 1000);

        Path none = dir.resolve("none.png");
        LearningCurves.write(rows.subList(2, 3), "nothing finite", none);
        assertFalse(Files.exists(none), "no finite point: no chart, and no error");
    }
}
