package dev.lmkit.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.lmkit.cli.CliTest.json;
import static dev.lmkit.cli.CliTest.lmkit;
import static org.junit.jupiter.api.Assertions.*;

/** quickstart, corpus and bench as a user runs them, on sizes small enough for the test suite. */
class CommandsTest {
    @TempDir
    Path dir;

    /** Every command's help formats: a stray % in a description makes picocli print a warning instead of the text. */
    @Test
    void everyCommandsHelpPrintsWithoutAWarning() {
        java.util.ArrayDeque<List<String>> todo = new java.util.ArrayDeque<>(List.of(List.of()));
        int seen = 0;
        while (!todo.isEmpty()) {
            List<String> path = todo.pop();
            List<String> args = new java.util.ArrayList<>(path);
            args.add("--help");
            CliTest.Run r = lmkit(args.toArray(String[]::new));
            assertEquals(0, r.status(), String.join(" ", args));
            assertFalse((r.out() + r.err()).contains("WARN"), String.join(" ", args) + ":\n" + r.err());
            seen++;
            picocli.CommandLine cli = new picocli.CommandLine(new Main());
            for (String p : path) cli = cli.getSubcommands().get(p);
            for (String name : cli.getSubcommands().keySet()) {
                if (name.equals("help")) continue;
                List<String> child = new java.util.ArrayList<>(path);
                child.add(name);
                todo.push(child);
            }
        }
        assertTrue(seen > 15, "commands walked: " + seen);
    }

    @Test
    @SuppressWarnings("unchecked")
    void quickstartTrainsSamplesAndScoresAgreementByAttractors() throws Exception {
        Path data = dir.resolve("data");
        CliTest.Run r = lmkit("quickstart", "--sentences", "4000", "--per-condition", "20", "--seed", "5", "--json",
                "--out", dir.resolve("run").toString(), "--set", "train.epochs=2", "--set", "train.lr=0.01", "--set", "model.hidden=[32]",
                "--set", "data.train=" + data.resolve("train.txt"), "--set", "data.valid=" + data.resolve("valid.txt"),
                "--set", "data.test=" + data.resolve("test.txt"));
        assertEquals(0, r.status(), r.err());
        Map<String, Object> o = json(r.out());
        double perplexity = ((Number) o.get("perplexity")).doubleValue();
        int vocabulary = dev.lmkit.api.LanguageModel.load(dir.resolve("run")).bundle().vocab().size();
        assertTrue(perplexity > 1 && perplexity < vocabulary / 2.0, "learned beyond uniform over " + vocabulary + " words: " + perplexity);
        var agreement = (Map<String, Number>) o.get("agreement");
        assertEquals(List.of("0", "1", "2"), List.copyOf(agreement.keySet()));
        for (Number a : agreement.values()) assertTrue(a.doubleValue() >= 0 && a.doubleValue() <= 1);
        assertEquals(4000, Files.readAllLines(data.resolve("train.txt")).size());
        assertTrue(Files.isRegularFile(dir.resolve("run/best.zip")));
    }

    @Test
    void corpusGenerateWritesTheSameSplitsForTheSameSeed() throws Exception {
        for (String name : List.of("a", "b")) {
            CliTest.Run r = lmkit("corpus", "generate", "--out", dir.resolve(name).toString(), "--sentences", "300", "--seed", "9");
            assertEquals(0, r.status(), r.err());
        }
        assertEquals(300, Files.readAllLines(dir.resolve("a/train.txt")).size());
        assertEquals(100, Files.readAllLines(dir.resolve("a/valid.txt")).size());
        for (String split : List.of("train.txt", "valid.txt", "test.txt")) {
            assertEquals(Files.readString(dir.resolve("a").resolve(split)), Files.readString(dir.resolve("b").resolve(split)), split);
        }
        assertNotEquals(Files.readString(dir.resolve("a/train.txt")), Files.readString(dir.resolve("a/valid.txt")));
        // generate again over its own files (other settings): fine; over a user's train.txt: refused, nothing written
        assertEquals(0, lmkit("corpus", "generate", "--out", dir.resolve("a").toString(), "--sentences", "200").status());
        Path mine = java.nio.file.Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("train.txt"), "my own corpus\n");
        CliTest.Run refused = lmkit("corpus", "generate", "--out", mine.toString(), "--sentences", "300");
        assertEquals(2, refused.status());
        assertEquals("lmkit: refusing to overwrite " + mine.resolve("train.txt") + " (generate did not write it): remove it or give another --out",
                refused.err().strip());
        assertEquals("my own corpus\n", Files.readString(mine.resolve("train.txt")));
        assertFalse(Files.exists(mine.resolve("valid.txt")), "a refused command writes nothing");
        CliTest.Run list = lmkit("corpus", "list");
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("ptb ")), list.out());
    }

    @Test
    @SuppressWarnings("unchecked")
    void benchReportsThroughputForEachPhaseOfAWorkload() throws Exception {
        Path workloads = Files.writeString(dir.resolve("w.json"), """
                {"tiny": {"about": "a test-sized word model", "mode": "word", "vocab": 50, "embedding": 8, "hidden": [16],
                          "batch": 4, "bptt": 5, "optimizer": "sgd", "lr": 1.0, "clip_norm": 5.0,
                          "warmup_steps": 1, "train_steps": 3, "eval_tokens": 200, "sample_tokens": 20},
                 "tied": {"about": "the softmax weights are the embedding's", "mode": "word", "vocab": 50, "embedding": 16, "hidden": [16],
                          "tie_weights": true, "batch": 4, "bptt": 5, "optimizer": "sgd", "lr": 1.0, "clip_norm": 5.0,
                          "warmup_steps": 1, "train_steps": 3, "eval_tokens": 200, "sample_tokens": 20}}
                """);
        assertTrue(dev.lmkit.bench.Workload.read(workloads).get("tied").config(dev.lmkit.config.ModelConfig.Impl.FUSED).model().tieWeights());
        assertFalse(dev.lmkit.bench.Workload.read(workloads).get("tiny").tieWeights());
        CliTest.Run r = lmkit("bench", "--workloads", workloads.toString(), "--workload", "tiny", "--json");
        assertEquals(0, r.status(), r.err());
        Map<String, Object> o = json(r.out());
        assertEquals("lmkit fused", o.get("engine"));
        assertTrue(((Number) ((Map<String, Object>) o.get("machine")).get("sgemm_gflops")).doubleValue() > 0);
        var tiny = (Map<String, Number>) ((Map<String, Object>) o.get("workloads")).get("tiny");
        for (String k : List.of("train_tokens_per_s", "eval_tokens_per_s", "sample_tokens_per_s", "sample_batch32_tokens_per_s")) {
            assertTrue(tiny.get(k).doubleValue() > 0, k + ": " + tiny);
        }
        CliTest.Run repeated = lmkit("bench", "--workloads", workloads.toString(), "--workload", "tiny", "--repeat", "3", "--json");
        assertEquals(0, repeated.status(), repeated.err());
        var train = (Map<String, Number>) ((Map<String, Map<String, Object>>) json(repeated.out()).get("workloads")).get("tiny").get("train_tokens_per_s");
        double min = train.get("min").doubleValue(), median = train.get("median").doubleValue(), max = train.get("max").doubleValue();
        assertTrue(min <= median && median <= max, train.toString());
        assertEquals((max - min) / median, train.get("spread").doubleValue(), 1e-3);
        var sgemm = (Map<String, Number>) ((Map<String, Map<String, Object>>) json(repeated.out()).get("workloads")).get("tiny").get("sgemm_gflops");
        assertTrue(sgemm.get("min").doubleValue() > 0, "the machine's rate beside each run: " + sgemm);
        CliTest.Run table = lmkit("bench", "--workloads", workloads.toString(), "--repeat", "2");  // both workloads
        assertEquals(0, table.status(), table.err());
        assertTrue(table.out().contains("tiny, 2 runs: median (min-max, spread)"), table.out());
        assertTrue(table.out().lines().anyMatch(l -> l.matches("\\s+eval_tokens_per_s\\s+[0-9.]+\\s+\\([0-9.]+-[0-9.]+, [0-9]+%\\)")), table.out());
        CliTest.Run missing = lmkit("bench", "--workloads", workloads.toString(), "--workload", "huge");
        assertEquals(2, missing.status());
        assertEquals("lmkit: no workload 'huge' in " + workloads + " (have: tiny, tied)", missing.err().strip());
    }
}
