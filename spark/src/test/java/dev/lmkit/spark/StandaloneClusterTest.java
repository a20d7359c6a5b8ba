package dev.lmkit.spark;

import dev.lmkit.api.LanguageModel;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.train.DistributedTraining;
import dev.lmkit.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** A real multi-process cluster: spark/standalone's Master and two Workers (separate JVMs on 127.0.0.1), and their executors. */
class StandaloneClusterTest {
    static final int PORT = 7277;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void trainsSharesGradientsScoresAndMinesThroughAStandaloneClusterOfTwoWorkers(@TempDir Path dir) throws Exception {
        LmConfig config = TinyGrammar.config(dir, 8000, "{embedding: 32, hidden: [64]}", 16, 2);
        String master = run("start", "2", Integer.toString(PORT));
        try {
            assertEquals("spark://127.0.0.1:" + PORT, master);
            ListeningSockets sockets = ListeningSockets.watch(Path.of("target/standalone/pids"));
            Trainer.Result r;
            try {
                r = DistributedTraining.find().train(config, Corpus.load(config.data()),
                        new Trainer.Options(dir.resolve("run"), false), new DistributedTraining.Request(master, 2, 2, 5));
            } finally {
                sockets.stop();
            }
            assertTrue(sockets.seen().size() >= 6, "master, its UI, the workers, executors, block managers: " + sockets.seen());
            assertEquals(java.util.Set.of("127.0.0.1"), sockets.addresses(), "every port the cluster opens is on loopback: " + sockets.seen());
            assertEquals(2, r.state().epoch());
            assertTrue(r.valid().perplexity() < 12, "valid perplexity " + r.valid().perplexity());
            assertFalse(LanguageModel.load(dir.resolve("run")).sample("the keys", 8, 1.0, 1).isBlank());
            try (var apps = Files.list(Path.of("target/standalone/work"))) {
                assertTrue(apps.findAny().isPresent(), "the workers started executors of their own");
            }
            String[] epoch2 = Files.readAllLines(dir.resolve("run/averaging.csv")).get(2).split(",");
            double broadcast = Double.parseDouble(epoch2[4]), fetched = Double.parseDouble(epoch2[5]);
            assertEquals(2 * broadcast, fetched, 0.2 * broadcast, "each executor JVM fetched the broadcast parameters once a round");

            // score --spark on the same cluster: the executors' rows, in order, are what one machine prints
            Path input = dir.resolve("score.txt");
            dev.lmkit.agreement.AgreementGrammar.standard().writeCorpus(input, dev.lmkit.eval.ScoreRows.CHUNK + 100, 78);
            var options = new dev.lmkit.eval.ScoreRows.Options(false, true, false, false, 64);
            dev.lmkit.fused.Determinism.set(true);
            try {
                dev.lmkit.eval.DistributedScoring.find().score(dir.resolve("run"), input.toString(), dir.resolve("scored").toString(), options,
                        new dev.lmkit.Cluster(master, 2));
                assertEquals(SparkScoringTest.oneMachine(dir.resolve("run"), input, options), SparkScoringTest.fromParts(dir.resolve("scored")));
            } finally {
                dev.lmkit.fused.Determinism.set(false);
            }

            // gradient sharing between the executor JVMs: lmkit stops with an error when an epoch changes no parameter
            LmConfig tiny = TinyGrammar.config(dir.resolve("shared"), 3000, "{embedding: 16, hidden: [32]}", 8, 2);
            Corpus tinyCorpus = Corpus.load(tiny.data());
            Trainer.Result shared = DistributedTraining.find().train(tiny, tinyCorpus, new Trainer.Options(dir.resolve("shared-run"), false),
                    new DistributedTraining.Request(master, 2, 1, 5, "gradients", 1e-3));
            assertEquals(2, shared.state().epoch());
            assertTrue(shared.valid().perplexity() < tinyCorpus.vocab().size() / 2.0,
                    "updates arrived: valid perplexity " + shared.valid().perplexity() + ", uniform " + tinyCorpus.vocab().size());

            // agreement mine --spark on the same cluster: each executor JVM parses with its own CoreNLP pipeline
            Path text = dir.resolve("mine.txt");
            dev.lmkit.agreement.AgreementGrammar.standard().writeCorpus(text, 150, 79);
            var quiet = new java.io.PrintStream(java.io.PrintStream.nullOutputStream());
            dev.lmkit.agreement.mine.Miner.mine(new dev.lmkit.agreement.mine.Miner.Options(text, dir.resolve("one"), 0, 1, 50, false, 1, 2), quiet);
            dev.lmkit.agreement.mine.DistributedMining.find().mine(new dev.lmkit.agreement.mine.Miner.Options(text, dir.resolve("mined"), 0, 1, 50,
                    false, 1, 2), text.toString(), new dev.lmkit.Cluster(master, 2), quiet);
            for (String f : List.of("mine.text", "mine.eval", "mine.gold")) {
                assertEquals(Files.readString(dir.resolve("one").resolve(f)), Files.readString(dir.resolve("mined").resolve(f)), f);
            }
        } finally {
            run("stop");
        }
    }

    private static String run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", "standalone"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "spark/standalone " + String.join(" ", args) + " did not finish");
        assertEquals(0, p.exitValue(), "spark/standalone " + String.join(" ", args));
        return out;
    }
}
