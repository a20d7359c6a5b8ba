package dev.lmkit.train;

import dev.lmkit.LmkitException;
import dev.lmkit.TestData;
import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.model.ModelBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TrainerTest {
    @TempDir
    Path dir;

    private static Trainer.Options quiet(Path run, boolean resume) {
        return new Trainer.Options(run, resume, true, new PrintStream(PrintStream.nullOutputStream()));
    }

    @Test
    void resumingFromTheLastCheckpointGivesTheSameModelAsOneUninterruptedRun() throws Exception {
        LmConfig three = TestData.tinyConfig(dir, "train.epochs=3", "model.dropout=0.3", "train.optimizer=adam", "train.lr=0.01");
        Corpus corpus = Corpus.load(three.data());
        Trainer.train(three, corpus, quiet(dir.resolve("straight"), false));

        LmConfig one = ConfigLoader.parse(ConfigLoader.toYaml(three), "t", List.of("train.epochs=1"));
        Trainer.train(one, corpus, quiet(dir.resolve("resumed"), false));
        Trainer.Result resumed = Trainer.train(three, corpus, quiet(dir.resolve("resumed"), true));

        assertEquals(3, resumed.state().epoch());
        var a = ModelBundle.load(dir.resolve("straight/last.zip"));
        var b = ModelBundle.load(dir.resolve("resumed/last.zip"));
        assertEquals(a.net().params(), b.net().params());
        assertEquals(a.state(), b.state());
        assertEquals(Files.readString(dir.resolve("straight/metrics.csv")).lines().count(),
                Files.readString(dir.resolve("resumed/metrics.csv")).lines().count());
    }

    @Test
    void writesCheckpointsMetricsAndCurvesAndRefusesToOverwriteARun() throws Exception {
        LmConfig config = TestData.tinyConfig(dir);
        Corpus corpus = Corpus.load(config.data());
        Path run = dir.resolve("run");
        Trainer.Result r = Trainer.train(config, corpus, quiet(run, false));
        for (String f : List.of("best.zip", "last.zip", "metrics.csv", "curves.png", "config.yaml")) {
            assertTrue(Files.exists(run.resolve(f)), f);
        }
        assertEquals(2, MetricsCsv.read(run.resolve("metrics.csv")).size());
        assertTrue(r.valid().perplexity() < corpus.vocab().size(), "learned something: " + r.valid().perplexity());
        byte[] best = Files.readAllBytes(run.resolve("best.zip"));
        var e = assertThrows(LmkitException.class, () -> Trainer.train(config, corpus, quiet(run, false)));
        assertTrue(e.getMessage().startsWith("run directory already holds a model"), e.getMessage());
        assertArrayEquals(best, Files.readAllBytes(run.resolve("best.zip")));
    }

    @Test
    void aDivergingLossStopsWithAClearErrorAndKeepsTheLastGoodCheckpoint() throws Exception {
        LmConfig good = TestData.tinyConfig(dir, "train.epochs=1");
        Corpus corpus = Corpus.load(good.data());
        Path run = dir.resolve("nan");
        Trainer.train(good, corpus, quiet(run, false));
        byte[] last = Files.readAllBytes(run.resolve("last.zip"));
        LmConfig exploding = ConfigLoader.parse(ConfigLoader.toYaml(good), "t",
                List.of("train.epochs=3", "train.lr=1e38", "train.clip_norm=0"));
        var e = assertThrows(LmkitException.class, () -> Trainer.train(exploding, corpus, quiet(run, true)));
        assertTrue(e.getMessage().startsWith("training diverged"), e.getMessage());
        assertArrayEquals(last, Files.readAllBytes(run.resolve("last.zip")));
    }

    @Test
    void stepScheduleHalvesTheRateFromTheConfiguredEpoch() {
        LmConfig.Train zaremba = ConfigLoader.parse("train: {lr: 1.0, schedule: step, lr_decay: 0.5, decay_start_epoch: 5}",
                "t", List.of()).train();
        assertEquals(1.0, LearningRate.forEpoch(zaremba, 4, 1.0));
        assertEquals(0.5, LearningRate.forEpoch(zaremba, 5, 1.0));
        assertEquals(0.25, LearningRate.forEpoch(zaremba, 6, 1.0));
        LmConfig.Train plateau = ConfigLoader.parse("train: {schedule: plateau, lr_decay: 0.25}", "t", List.of()).train();
        assertEquals(0.5, LearningRate.afterValidation(plateau, 2.0, false));
        assertEquals(2.0, LearningRate.afterValidation(plateau, 2.0, true));
    }

    @Test
    void aShortCharacterRunOnTinyShakespeareLowersValidationLoss() throws Exception {
        Path shakespeare = TestData.SHARED.resolve("corpora/tinyshakespeare/input.txt");
        LmConfig config = ConfigLoader.load(Path.of("configs/char-shakespeare.yaml"), List.of(
                "data.train=" + shakespeare, "model.hidden=[64]", "model.embedding=16", "model.dropout=0.0",
                "train.epochs=2", "train.max_steps_per_epoch=60", "train.batch=16", "train.bptt=50"));
        Corpus corpus = Corpus.load(config.data());
        assertEquals(66, corpus.vocab().size()); // 65 characters + <unk>
        Trainer.train(config, corpus, quiet(dir.resolve("char"), false));
        List<MetricsCsv.Row> rows = MetricsCsv.read(dir.resolve("char/metrics.csv"));
        assertEquals(2, rows.size());
        assertTrue(rows.get(0).validLoss() < Math.log(66) - 0.5, "first epoch beats uniform: " + rows.get(0));
        assertTrue(rows.get(1).validLoss() < rows.get(0).validLoss(), "validation loss goes down: " + rows);
    }
}
