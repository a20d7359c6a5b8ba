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
        LearningCurves.write(rows, false, "diverged", png);
        assertTrue(Files.size(png) > 1000);

        Path none = dir.resolve("none.png");
        LearningCurves.write(rows.subList(2, 3), false, "nothing finite", none);
        assertFalse(Files.exists(none), "no finite point: no chart, and no error");
    }

    @Test
    void aRunLogsItsTrainingLossAsItGoesAndDrawsItWithTheValidations() throws Exception {
        dev.lmkit.config.LmConfig config = dev.lmkit.TestData.tinyConfig(dir, "train.epochs=2");
        var corpus = dev.lmkit.corpus.Corpus.load(config.data());
        Trainer.train(config, corpus, new Trainer.Options(dir.resolve("run"), false, true, new java.io.PrintStream(java.io.OutputStream.nullOutputStream())));
        List<StepLossCsv.Row> steps = StepLossCsv.read(dir.resolve("run/steps.csv"));
        long windows = new dev.lmkit.corpus.BpttBatches(corpus.train().ids(), 4, 6).windows();
        assertEquals(2 * windows / Math.max(1, windows / 100), steps.size(), "about 100 rows an epoch (one per window for a tiny corpus)");
        assertTrue(steps.get(0).trainLoss() > steps.get(steps.size() - 1).trainLoss(), "the loss went down");
        assertEquals(2.0, steps.get(steps.size() - 1).epoch(), 1e-9);
        assertTrue(Files.size(dir.resolve("run/curves.png")) > 1000);
    }

    @Test
    void validationsWithoutATrainingLossAreDrawn() throws Exception {
        List<MetricsCsv.Row> spark = List.of(new MetricsCsv.Row(1, 10, 1.0, Double.NaN, 2.2, 1000, 1),
                new MetricsCsv.Row(2, 20, 1.0, Double.NaN, 2.0, 1000, 2));
        Path png = dir.resolve("spark.png");
        LearningCurves.write(spark, false, "spark", png);
        assertTrue(Files.size(png) > 1000, "a Spark run knows its validations only");
    }

    @Test
    void characterRunsAreDrawnInBitsPerCharacter() throws Exception {
        List<MetricsCsv.Row> rows = List.of(new MetricsCsv.Row(1, 10, 1.0, 1.5, 1.4, 1000, 1));
        List<StepLossCsv.Row> steps = List.of(new StepLossCsv.Row(5, 0.5, 2.0), new StepLossCsv.Row(10, 1.0, 1.5));
        Path png = dir.resolve("chars.png");
        LearningCurves.write(rows, steps, true, "chars", png);
        assertTrue(Files.size(png) > 1000);
    }
}
