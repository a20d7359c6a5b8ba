package dev.lmkit.train;

import dev.lmkit.config.TrainConfig;
import dev.lmkit.LmkitException;
import dev.lmkit.TestData;
import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.model.ModelBundle;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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

    /** Options whose stop request fires after {@code steps} training steps, as Ctrl-C would. */
    private static Trainer.Options stopAfter(Path run, boolean resume, long steps) {
        StopRequest stop = StopRequest.manual();
        TrainingListener listener = new BaseTrainingListener() {
            @Override
            public void iterationDone(org.deeplearning4j.nn.api.Model model, int iteration, int epoch) {
                if (iteration + 1 >= steps) stop.request("interrupt");
            }
        };
        return new Trainer.Options(run, resume, true, new PrintStream(PrintStream.nullOutputStream()), List.of(listener), stop, null);
    }

    @Test
    void stoppingMidEpochAndResumingEndsBitIdenticalToAnUninterruptedRun() throws Exception {
        LmConfig config = TestData.tinyConfig(dir, "train.epochs=2", "model.dropout=0.3", "train.optimizer=adam", "train.lr=0.01",
                "train.state_reset=0.2");
        Corpus corpus = Corpus.load(config.data());
        Trainer.train(config, corpus, quiet(dir.resolve("straight"), false));
        Path run = dir.resolve("stopped");
        Trainer.Result first = Trainer.train(config, corpus, stopAfter(run, false, 7));
        assertEquals("interrupt", first.stoppedBy());
        assertEquals(7, ModelBundle.load(run.resolve("last.zip")).state().step());
        assertEquals(7, ModelBundle.load(run.resolve("last.zip")).state().window());
        assertFalse(Files.exists(run.resolve(RunLock.FILE)), "the lock goes with the run");
        Trainer.Result second = Trainer.train(config, corpus, stopAfter(run, true, 130)); // in epoch 2
        assertEquals("interrupt", second.stoppedBy());
        Trainer.Result last = Trainer.train(config, corpus, quiet(run, true));
        assertNull(last.stoppedBy());
        var a = ModelBundle.load(dir.resolve("straight/last.zip"));
        var b = ModelBundle.load(run.resolve("last.zip"));
        assertEquals(a.state(), b.state());
        assertEquals(a.net().params(), b.net().params());
        assertEquals(a.net().getUpdater().getStateViewArray(), b.net().getUpdater().getStateViewArray());
        // the same validation rows, written once each and never re-rounded (speed and elapsed time may differ)
        assertEquals(losses(dir.resolve("straight/metrics.csv")), losses(run.resolve("metrics.csv")));
        double[] elapsed = MetricsCsv.read(run.resolve("metrics.csv")).stream().mapToDouble(MetricsCsv.Row::elapsedSeconds).toArray();
        for (int i = 1; i < elapsed.length; i++) assertTrue(elapsed[i] >= elapsed[i - 1], "the training clock goes on after a resume");
    }

    private static List<String> losses(Path csv) throws Exception {
        return Files.readAllLines(csv).stream().map(l -> String.join(",", List.of(l.split(",")).subList(0, 7))).toList();
    }

    /** A language whose determiner, noun and verb agree, with its number targets: the verb's number up to the verb. */
    private LmConfig agreeingLanguage(String... overrides) throws Exception {
        String[][] singular = {{"this", "cat", "sees"}, {"this", "dog", "likes"}}, plural = {{"these", "cats", "see"}, {"these", "dogs", "like"}};
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        StringBuilder text = new StringBuilder(), numbers = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            boolean one = r.nextBoolean();
            String[] words = (one ? singular : plural)[r.nextInt(2)];
            text.append(String.join(" ", words)).append(r.nextBoolean() ? " a ball .\n" : " the tree .\n");
            numbers.append(one ? "s s - - - -\n" : "p p - - - -\n");
        }
        Path train = Files.writeString(dir.resolve("agree.txt"), text);
        Path targets = Files.writeString(dir.resolve("agree.numbers.txt"), numbers);
        return ConfigLoader.parse("""
                data: {mode: word, train: %s, train_numbers: %s, valid_fraction: 0.1}
                model: {embedding: 8, hidden: [12], init_range: 0.3, dropout_output: 0.2}
                train: {optimizer: sgd, lr: 3.0, batch: 4, bptt: 6, epochs: 4, seed: 3, clip_norm: 5.0, number_loss: 1.0}
                """.formatted(train, targets), "agree.yaml", List.of(overrides));
    }

    @Test
    void theNumberObjectiveLearnsTheComingVerbsNumberAndResumesBitIdentically() throws Exception {
        LmConfig config = agreeingLanguage();
        Corpus corpus = Corpus.load(config.data());
        var log = new java.io.ByteArrayOutputStream();
        Trainer.train(config, corpus, new Trainer.Options(dir.resolve("straight"), false, false, new PrintStream(log, true, StandardCharsets.UTF_8)));
        var accuracy = java.util.regex.Pattern.compile("next verb's number right on ([0-9.]+)%").matcher(log.toString(StandardCharsets.UTF_8));
        double last = -1;
        while (accuracy.find()) last = Double.parseDouble(accuracy.group(1));
        assertTrue(last > 80, "the number of the coming verb, predicted from its subject (50% without learning): " + last + "%");

        Path run = dir.resolve("stopped");
        assertEquals("interrupt", Trainer.train(config, corpus, stopAfter(run, false, 130)).stoppedBy());
        Trainer.train(config, corpus, quiet(run, true));
        var a = ModelBundle.load(dir.resolve("straight/last.zip"));
        var b = ModelBundle.load(run.resolve("last.zip"));
        assertEquals(a.net().params(), b.net().params());
        assertArrayEquals(ModelBundle.extra(dir.resolve("straight/last.zip"), dev.lmkit.fused.NumberObjective.ENTRY, 1 << 24),
                ModelBundle.extra(run.resolve("last.zip"), dev.lmkit.fused.NumberObjective.ENTRY, 1 << 24), "the objective's own weights too");
    }

    @Test
    void aSecondWriterIsRefusedAndAStaleLockOrTempFileIsCleanedUp() throws Exception {
        LmConfig config = TestData.tinyConfig(dir, "train.epochs=1");
        Corpus corpus = Corpus.load(config.data());
        Path run = Files.createDirectories(dir.resolve("locked"));
        try (RunLock held = RunLock.acquire(run, new PrintStream(PrintStream.nullOutputStream()))) {
            var e = assertThrows(LmkitException.class, () -> Trainer.train(config, corpus, quiet(run, false)));
            assertEquals("run directory is in use by another training run (pid " + ProcessHandle.current().pid() + "): " + run, e.getMessage());
            assertFalse(Files.exists(run.resolve("config.yaml")), "a refused run writes nothing");
        }
        Files.writeString(run.resolve(RunLock.FILE), "999999\n"); // left by a killed run
        Path temp = Files.writeString(run.resolve(".last.zip123.tmp"), "half a checkpoint");
        var log = new java.io.ByteArrayOutputStream();
        Trainer.train(config, corpus, new Trainer.Options(run, false, true, new PrintStream(log, true)));
        assertTrue(log.toString().contains("taking over the stale lock of process 999999"), log.toString());
        assertFalse(Files.exists(temp));
    }

    @Test
    void resumingWithAnotherNetworkIsRefusedAndChangesNothing() throws Exception {
        LmConfig config = TestData.tinyConfig(dir, "train.epochs=1");
        Corpus corpus = Corpus.load(config.data());
        Path run = dir.resolve("arch");
        Trainer.train(config, corpus, quiet(run, false));
        byte[] yaml = Files.readAllBytes(run.resolve("config.yaml")), last = Files.readAllBytes(run.resolve("last.zip"));
        LmConfig wider = ConfigLoader.parse(ConfigLoader.toYaml(config), "t", List.of("train.epochs=2", "model.hidden=[32]"));
        var e = assertThrows(LmkitException.class, () -> Trainer.train(wider, corpus, quiet(run, true)));
        assertTrue(e.getMessage().startsWith("cannot resume with a different network or data: model.hidden ([12, 12] in the checkpoint, [32] now)"),
                e.getMessage());
        assertArrayEquals(yaml, Files.readAllBytes(run.resolve("config.yaml")));
        assertArrayEquals(last, Files.readAllBytes(run.resolve("last.zip")));
    }

    @Test
    void aRunThatDiedBeforeItsFirstLastZipResumesFromBestZip() throws Exception {
        LmConfig config = TestData.tinyConfig(dir, "train.epochs=1");
        Corpus corpus = Corpus.load(config.data());
        Path run = dir.resolve("dead");
        Trainer.train(config, corpus, quiet(run, false));
        Files.delete(run.resolve("last.zip")); // killed between best.zip and last.zip
        LmConfig two = ConfigLoader.parse(ConfigLoader.toYaml(config), "t", List.of("train.epochs=2"));
        assertEquals(2, Trainer.train(two, corpus, quiet(run, true)).state().epoch());
    }

    @Test
    void initFromStartsANewRunFromAnotherRunsWeights() throws Exception {
        LmConfig config = TestData.tinyConfig(dir, "train.epochs=2");
        Corpus corpus = Corpus.load(config.data());
        Path source = dir.resolve("source");
        Trainer.Result trained = Trainer.train(config, corpus, quiet(source, false));
        LmConfig oneStep = ConfigLoader.parse(ConfigLoader.toYaml(config), "t", List.of("train.epochs=1", "train.max_steps_per_epoch=1"));
        PrintStream log = new PrintStream(PrintStream.nullOutputStream());
        Trainer.Result warm = Trainer.train(oneStep, corpus, new Trainer.Options(dir.resolve("warm"), false, true, log, List.of(),
                StopRequest.manual(), source));
        Trainer.Result cold = Trainer.train(oneStep, corpus, quiet(dir.resolve("cold"), false));
        double w = warm.valid().perplexity(), c = cold.valid().perplexity(), t = trained.valid().perplexity();
        assertTrue(w < c && Math.abs(w - t) < Math.abs(c - t) / 4,
                "one step from trained weights (" + w + ") stays near them (" + t + "), one from scratch does not (" + c + ")");
        assertEquals(1, warm.state().step(), "a new run: its own step count and optimizer");

        LmConfig wider = ConfigLoader.parse(ConfigLoader.toYaml(config), "t", List.of("model.hidden=[16, 12]"));
        var e = assertThrows(LmkitException.class, () -> Trainer.train(wider, corpus, new Trainer.Options(dir.resolve("wide"), false, true,
                log, List.of(), StopRequest.manual(), source)));
        assertTrue(e.getMessage().startsWith("cannot start from a network of another shape: model.hidden ([12, 12] there, [16, 12] now)"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("wide")), "a refused run writes nothing");
    }

    @Test
    void aTimeBudgetStopsTheRunGracefullyWithACheckpoint() throws Exception {
        LmConfig config = TestData.tinyConfig(dir, "train.epochs=5", "train.time_budget=0.001s");
        Trainer.Result r = Trainer.train(config, Corpus.load(config.data()), quiet(dir.resolve("budget"), false));
        assertEquals("time budget", r.stoppedBy());
        assertEquals(1, ModelBundle.load(dir.resolve("budget/last.zip")).state().step());
        // the partial epoch is validated before the stop: a budgeted recipe keeps the model it trained last
        List<MetricsCsv.Row> rows = MetricsCsv.read(dir.resolve("budget/metrics.csv"));
        assertEquals(1, rows.size());
        assertTrue(rows.get(0).epoch() > 0 && rows.get(0).epoch() < 1, "validated at a fraction of epoch 1: " + rows.get(0));
        assertEquals(1, ModelBundle.load(dir.resolve("budget/best.zip")).state().step());
        var e = assertThrows(LmkitException.class, () -> TestData.tinyConfig(dir, "train.time_budget=soon"));
        assertTrue(e.getMessage().contains("time_budget must be a duration such as 90m"), e.getMessage());
    }

    @Test
    void aResumedRunCountsItsEarlierSessionsAgainstTheBudget() throws Exception {
        LmConfig config = TestData.tinyConfig(dir, "train.epochs=3", "train.time_budget=1h");
        Corpus corpus = Corpus.load(config.data());
        Path run = dir.resolve("sessions");
        StopRequest ctrlC = StopRequest.manual();
        ctrlC.request("interrupt");
        Trainer.train(config, corpus, new Trainer.Options(run, false, true, new PrintStream(PrintStream.nullOutputStream()),
                List.of(), ctrlC, null));
        Path last = run.resolve("last.zip");
        String[] clock = new String(ModelBundle.extra(last, "lmkit/train-clock.txt", 4096), StandardCharsets.UTF_8).split(" ");
        assertEquals(3, clock.length, "training time, tokens and the run's wall time");
        assertTrue(Long.parseLong(clock[2]) > 0);

        // as if the first session had run for two hours: the resumed run has spent its one-hour budget already
        ModelBundle bundle = ModelBundle.load(last);
        bundle.save(last, Map.of("lmkit/train-clock.txt", (clock[0] + " " + clock[1] + " " + 7_200_000_000_000L).getBytes(StandardCharsets.UTF_8),
                CarriedState.ENTRY, ModelBundle.extra(last, CarriedState.ENTRY, 1 << 24)));
        Trainer.Result r = Trainer.train(config, corpus, quiet(run, true));
        assertEquals("time budget", r.stoppedBy());
        assertEquals(2, r.state().step(), "one more window, then the budget stop");
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
    void stepPlateauAndBudgetSchedules() {
        TrainConfig zaremba = ConfigLoader.parse("train: {lr: 1.0, schedule: step, lr_decay: 0.5, decay_start_epoch: 5}",
                "t", List.of()).train();
        assertEquals(1.0, LearningRate.forEpoch(zaremba, 4, 1.0, 0));
        assertEquals(0.5, LearningRate.forEpoch(zaremba, 5, 1.0, 0));
        assertEquals(0.25, LearningRate.forEpoch(zaremba, 6, 1.0, 0));
        TrainConfig plateau = ConfigLoader.parse("train: {schedule: plateau, lr_decay: 0.25}", "t", List.of()).train();
        assertEquals(0.5, LearningRate.afterValidation(plateau, 2.0, false));
        assertEquals(2.0, LearningRate.afterValidation(plateau, 2.0, true));
        TrainConfig budget = ConfigLoader.parse("train: {lr: 1.0, schedule: budget, lr_decay: 0.5, time_budget: 90m, budget_decay_start: 0.6}",
                "t", List.of()).train();
        assertEquals(1.0, LearningRate.forEpoch(budget, 7, 1.0, 0.59), "kept until 60% of the budget is spent");
        assertEquals(0.5, LearningRate.forEpoch(budget, 8, 1.0, 0.6));
        assertEquals(0.25, LearningRate.forEpoch(budget, 9, 0.5, 0.7), "then halved at every epoch start");
        assertEquals("config key 'train' schedule: budget needs a time_budget in t", assertThrows(LmkitException.class,
                () -> ConfigLoader.parse("train: {schedule: budget}", "t", List.of())).getMessage());
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
