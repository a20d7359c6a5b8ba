package dev.lmkit.spark;

import dev.lmkit.LmkitException;
import dev.lmkit.agreement.AgreementGrammar;
import dev.lmkit.agreement.SuiteGenerator;
import dev.lmkit.agreement.SuiteSummary;
import dev.lmkit.api.LanguageModel;
import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.model.TrainingState;
import dev.lmkit.train.DistributedTraining;
import dev.lmkit.train.StopRequest;
import dev.lmkit.train.Trainer;
import dev.lmkit.train.TrainingClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/** The quickstart, trained by parameter averaging on local[2]: the same bar as on one machine. */
class SparkTrainingTest {
    @Test
    void theQuickstartOnLocalTwoWorkersLearnsAgreement(@TempDir Path dir) {
        AgreementGrammar grammar = AgreementGrammar.standard();
        grammar.writeSplits(dir.resolve("corpus"), 40000, 2014); // what ./lmkit quickstart trains on
        LmConfig config = ConfigLoader.load(Path.of("../configs/quickstart.yaml"), List.of(
                "data.train=" + dir.resolve("corpus/train.txt"), "data.valid=" + dir.resolve("corpus/valid.txt"),
                "data.test=" + dir.resolve("corpus/test.txt"),
                // two workers each fit half the text, so an epoch makes half the sequential updates of one machine; a
                // batch of 16 streams restores their number, and six epochs let the averaged model leave the plateau
                // near 8.3 where agreement is learned (seen: epoch 3 to 6)
                "train.batch=16", "train.epochs=6"));
        Corpus corpus = Corpus.load(config.data());
        Path run = dir.resolve("run");
        Trainer.Result r = DistributedTraining.find().train(config, corpus, new Trainer.Options(run, false),
                new DistributedTraining.Request("local[2]", 2, 2, 10));

        assertEquals(6, r.state().epoch());
        assertTrue(r.test().perplexity() < 8, "test perplexity " + r.test().perplexity() + " (one machine: 7.36)");
        for (String f : List.of("best.zip", "last.zip", "metrics.csv", "averaging.csv", "curves.png", "config.yaml")) {
            assertTrue(Files.exists(run.resolve(f)), f);
        }
        assertEquals(r.valid().perplexity(), ModelBundle.load(run).state().bestValidPpl(), 1e-6, "best.zip is the best epoch");

        SuiteGenerator.write(grammar, dir.resolve("suites"), 3, 50);
        LanguageModel lm = LanguageModel.load(run);
        Map<String, Double> accuracy = new TreeMap<>();
        for (SuiteSummary s : lm.agreement(dir.resolve("suites"))) accuracy.put(s.name(), s.accuracy());
        assertTrue(accuracy.get("simple_agreement") >= 0.9, accuracy.toString());
        assertTrue(accuracy.get("across_prepositional_phrase") >= 0.8, "half of these items have an attractor: " + accuracy);
        assertTrue(accuracy.get("across_subject_relative_clause") >= 0.8, accuracy.toString());
        assertFalse(lm.sample("the keys", 10, 1.0, 1).isBlank());
    }

    @Test
    void resumesAfterTheLastEpochWithItsMetrics(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        DistributedTraining.Request local = new DistributedTraining.Request("local[2]", 2, 2, 5);
        LmConfig one = TinyGrammar.config(dir, 3000, "{embedding: 16, hidden: [32]}", 8, 1);
        DistributedTraining.find().train(one, Corpus.load(one.data()), new Trainer.Options(run, false), local);
        assertThrows(dev.lmkit.LmkitException.class, () -> DistributedTraining.find().train(one, Corpus.load(one.data()),
                new Trainer.Options(run, false), local), "a finished run is never started over");

        LmConfig two = TinyGrammar.config(dir, 3000, "{embedding: 16, hidden: [32]}", 8, 2);
        Trainer.Result r = DistributedTraining.find().train(two, Corpus.load(two.data()), new Trainer.Options(run, true), local);
        assertEquals(2, r.state().epoch());
        assertEquals(3, Files.readAllLines(run.resolve("metrics.csv")).size(), "header and one row per epoch");
        List<String> averaging = Files.readAllLines(run.resolve("averaging.csv"));
        assertEquals(3, averaging.size(), "header and one row per epoch: " + averaging);
        String[] epoch2 = averaging.get(2).split(",");
        int chunks = Shards.chunks(Corpus.load(two.data()).train().ids(), 8, 20, 5).size();
        int rounds = (chunks + 3) / 4, results = (chunks + 1) / 2; // 2 workers × 2 chunks a round; the last round may be short
        assertEquals(rounds, Integer.parseInt(epoch2[1]), "rounds in epoch 2 of " + chunks + " chunks");
        var net = ModelBundle.load(run.resolve("last.zip")).net();
        long floats = net.numParams() + net.getUpdater().getStateViewArray().length(); // Adam: parameters and two moments
        double back = Double.parseDouble(epoch2[6]), expected = (double) results / rounds * floats * 4;
        assertTrue(back >= expected && back < expected * 1.1, "each worker sends its parameters and updater state: "
                + back + " bytes per round for " + results + " results of " + floats + " floats in " + rounds + " rounds");
        double broadcast = Double.parseDouble(epoch2[4]);
        // once: about their size (Spark compresses; the configuration rides along), where twice would be double
        assertTrue(broadcast > floats * 4 * 0.5 && broadcast < floats * 4 * 1.5, "the driver broadcasts them once: " + broadcast
                + " bytes for " + floats + " floats");
    }

    @Test
    void aStopEndsTheEpochEarlyAndResumeFinishesIt(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        LmConfig tiny = TinyGrammar.config(dir, 3000, "{embedding: 16, hidden: [32]}", 8, 1);
        Corpus corpus = Corpus.load(tiny.data());
        DistributedTraining.Request local = new DistributedTraining.Request("local[2]", 2, 1, 1);
        int chunks = Shards.chunks(corpus.train().ids(), 8, 20, 1).size(); // a segment is a round: 2 workers × 1 chunk
        StopRequest ctrlC = StopRequest.manual();
        ctrlC.request("interrupt"); // before the first segment ends: the run stops after it
        Trainer.Result stopped = DistributedTraining.find().train(tiny, corpus,
                new Trainer.Options(run, false, true, System.err, List.of(), ctrlC, null), local);
        assertEquals("interrupt", stopped.stoppedBy());
        TrainingState saved = ModelBundle.load(run.resolve("last.zip")).state();
        assertEquals(0, saved.epoch());
        assertTrue(saved.window() > 0 && saved.window() <= chunks / 10 + 2, saved.window() + " of " + chunks + " chunks done");
        assertFalse(Files.exists(run.resolve("best.zip")), "nothing validated yet");
        TrainingClock clock = TrainingClock.read(run.resolve("last.zip"));
        assertEquals((long) saved.window() * 8 * 20, clock.trainTokens(), "the checkpoint keeps the run's clock");
        assertTrue(clock.runNanos() >= clock.trainNanos() && clock.trainNanos() > 0, clock.toString());

        // a copy whose first session ran for two hours, resumed with a one-hour budget: one segment, then the budget stop
        Path spent = dir.resolve("spent");
        Files.createDirectories(spent);
        ModelBundle.load(run.resolve("last.zip")).save(spent.resolve("last.zip"), Map.of(TrainingClock.ENTRY,
                new TrainingClock(clock.trainNanos(), clock.trainTokens(), 7_200_000_000_000L).bytes()));
        LmConfig budgeted = ConfigLoader.parse(ConfigLoader.toYaml(tiny), "budgeted", List.of("train.time_budget=1h"));
        Trainer.Result overBudget = DistributedTraining.find().train(budgeted, corpus, new Trainer.Options(spent, true), local);
        assertEquals("time budget", overBudget.stoppedBy(), "the budget counts the sessions before --resume");
        assertEquals(2 * saved.window(), overBudget.state().step(), "one more segment after the resume");

        Trainer.Result resumed = DistributedTraining.find().train(tiny, corpus, new Trainer.Options(run, true), local);
        assertNull(resumed.stoppedBy());
        assertEquals(1, resumed.state().epoch());
        assertEquals(chunks, resumed.state().step(), "every chunk trained once: the resumed run began where the stop left off");
        assertTrue(Files.exists(run.resolve("best.zip")));
    }

    @Test
    void gradientSharingTrainsInsideOneJvm(@TempDir Path dir) {
        LmConfig tiny = TinyGrammar.config(dir, 3000, "{embedding: 16, hidden: [32]}", 8, 2);
        Corpus corpus = Corpus.load(tiny.data());
        Trainer.Result r = DistributedTraining.find().train(tiny, corpus, new Trainer.Options(dir.resolve("run"), false),
                new DistributedTraining.Request("local[2]", 2, 1, 5, "gradients", 1e-3));
        assertEquals(2, r.state().epoch());
        int uniform = corpus.vocab().size();
        assertTrue(r.valid().perplexity() < uniform / 2.0, "valid perplexity " + r.valid().perplexity() + ", uniform " + uniform);
    }

    @Test
    void aChunkKeepsTheStreamsContiguous() {
        int[] ids = new int[1 + 2 * 60]; // two streams of 60 steps: 3 chunks of 1 window of 20
        for (int i = 0; i < ids.length; i++) ids[i] = i;
        var chunks = Shards.chunks(ids, 2, 20, 1);
        assertEquals(3, chunks.size());
        var second = chunks.get(1);
        assertEquals(List.of(2, 1, 20), List.of((int) second.getFeatures().size(0), (int) second.getFeatures().size(1), (int) second.getFeatures().size(2)));
        assertEquals(20, second.getFeatures().getInt(0, 0, 0), "stream 0 continues where chunk 0 ended");
        assertEquals(60 + 20, second.getFeatures().getInt(1, 0, 0), "stream 1 starts at the middle of the text");
        assertEquals(21, second.getLabels().getInt(0, 0, 0), "the label is the next token");
        assertThrows(IllegalArgumentException.class, () -> Shards.chunks(ids, 2, 20, 4));
    }
}
