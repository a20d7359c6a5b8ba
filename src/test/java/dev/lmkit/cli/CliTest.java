package dev.lmkit.cli;

import dev.lmkit.Json;
import dev.lmkit.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The command line as a user meets it: exit codes, one-line errors, --json output. */
class CliTest {
    @TempDir
    static Path dir;
    static Path config;
    static Path run;

    record Run(int status, String out, String err) {
    }

    static Run lmkit(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int status = Main.run(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @BeforeAll
    static void trainATinyModel() throws Exception {
        Path train = TestData.tinyCorpus(dir, "train.txt", 300, 1);
        Path valid = TestData.tinyCorpus(dir, "valid.txt", 30, 2);
        config = Files.writeString(dir.resolve("tiny.yaml"), """
                data: {train: %s, valid: %s}
                model: {embedding: 8, hidden: [16]}
                train: {batch: 4, bptt: 8, epochs: 1}
                """.formatted(train, valid));
        run = dir.resolve("run");
        Run r = lmkit("train", "--config", config.toString(), "--out", run.toString(), "--json", "--quiet");
        assertEquals(0, r.status(), r.err());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String text) throws Exception {
        return Json.MAPPER.readValue(text.strip(), Map.class);
    }

    @Test
    void trainJsonReportsTheRunAndTheNetworksParameterCount() throws Exception {
        Run r = lmkit("train", "--config", config.toString(), "--out", dir.resolve("counted").toString(), "--json", "--quiet");
        assertEquals(0, r.status(), r.err());
        Map<String, Object> o = json(r.out());
        long params = dev.lmkit.model.ModelBundle.load(dir.resolve("counted")).net().numParams();
        assertEquals(params, ((Number) o.get("parameters")).longValue());
        assertEquals(1, ((Number) o.get("epochs")).intValue());
    }

    @Test
    void evalJsonReportsSummedNllTokensAndPerplexity() throws Exception {
        Run r = lmkit("eval", "--model", run.toString(), "--data", dir.resolve("valid.txt").toString(), "--json");
        assertEquals(0, r.status(), r.err());
        Map<String, Object> o = json(r.out());
        double sum = ((Number) o.get("sum_nll")).doubleValue();
        long tokens = ((Number) o.get("tokens")).longValue();
        assertEquals(30 * 7 - 1, tokens); // 30 lines of 6 words + <eos>, all but the first token predicted
        assertEquals(Math.exp(sum / tokens), ((Number) o.get("perplexity")).doubleValue(), 1e-9);
        Path oneLine = Files.writeString(dir.resolve("oneline.txt"), "the cat sees a tree . ".repeat(2000));
        Run single = lmkit("eval", "--model", run.toString(), "--data", oneLine.toString(), "--json");
        assertEquals(0, single.status(), single.err());
        assertEquals(12000, ((Number) json(single.out()).get("tokens")).longValue()); // 12,000 words + <eos>, all but the first
    }

    @Test
    void scorePrintsOneTsvRowPerTokenWithBitsOfSurprisal() throws Exception {
        Path sentences = Files.writeString(dir.resolve("s.txt"), "the cat sees a tree .\nThe dogs like zebras.\n");
        Run r = lmkit("score", "--model", run.toString(), "--input", sentences.toString());
        assertEquals(0, r.status(), r.err());
        var lines = r.out().lines().toList();
        assertEquals("sentence_id\ttoken_index\ttoken\tsurprisal\tunknown", lines.get(0));
        assertEquals(1 + 7 + 6, lines.size());
        assertTrue(lines.get(1).startsWith("0\t0\tthe\t"));
        assertTrue(lines.get(8).startsWith("1\t0\tthe\t"), "raw text is lowercased like the corpus: " + lines.get(8));
        assertTrue(lines.get(11).startsWith("1\t3\tzebras\t") && lines.get(11).endsWith("\t1"), "unknown word: " + lines.get(11));
        assertTrue(lines.get(12).startsWith("1\t4\t.\t") && lines.get(12).endsWith("\t0"), "period split off: " + lines.get(12));
        assertTrue(lines.get(13).startsWith("1\t5\t<eos>\t"));
        for (String line : lines.subList(1, lines.size())) assertTrue(Double.parseDouble(line.split("\t")[3]) >= 0);
    }

    @Test
    void scoreTotalsJsonAndPrefixAgreeWithThePerTokenRows() throws Exception {
        Path sentences = Files.writeString(dir.resolve("t.txt"), "the cat sees a tree .\nthe dogs like the river .\n");
        List<double[]> rows = new java.util.ArrayList<>(List.of(new double[7], new double[7]));
        lmkit("score", "--model", run.toString(), "--input", sentences.toString()).out().lines().skip(1).forEach(l -> {
            String[] f = l.split("\t");
            rows.get(Integer.parseInt(f[0]))[Integer.parseInt(f[1])] = Double.parseDouble(f[3]);
        });
        var totals = lmkit("score", "--model", run.toString(), "--input", sentences.toString(), "--totals").out().lines().toList();
        assertEquals("sentence_id\ttokens\tunknown_tokens\tsum_surprisal\tmean_surprisal_per_token", totals.get(0));
        String[] second = totals.get(2).split("\t");
        double sum = java.util.Arrays.stream(rows.get(1)).sum();
        assertEquals("7", second[1]);
        assertEquals(sum, Double.parseDouble(second[3]), 1e-5);
        assertEquals(sum / 7, Double.parseDouble(second[4]), 1e-5);

        var json = lmkit("score", "--model", run.toString(), "--input", sentences.toString(), "--json").out().lines().toList();
        assertEquals(2, json.size());
        Map<String, Object> first = json(json.get(0));
        assertEquals(List.of("the", "cat", "sees", "a", "tree", ".", "<eos>"), first.get("tokens"));
        assertEquals(rows.get(0)[2], ((Number) ((List<?>) first.get("surprisals")).get(2)).doubleValue(), 1e-5);

        // the continuation "sees a tree ." after "the cat": the same numbers as inside the whole sentence, no <eos>
        Path pairs = Files.writeString(dir.resolve("p.txt"), "the cat\tsees a tree .\n");
        var cont = lmkit("score", "--model", run.toString(), "--input", pairs.toString(), "--prefix").out().lines().toList();
        assertEquals(1 + 4, cont.size());
        for (int t = 0; t < 4; t++) {
            String[] f = cont.get(1 + t).split("\t");
            assertEquals(String.valueOf(t), f[1]);
            assertEquals(rows.get(0)[2 + t], Double.parseDouble(f[3]), 1e-5, f[2]);
        }
        assertOneLineError(lmkit("score", "--model", run.toString(), "--input", sentences.toString(), "--prefix"),
                "lmkit: --prefix: line 1 has no tab between prefix and continuation: " + sentences);
        assertOneLineError(lmkit("score", "--model", run.toString(), "--input", sentences.toString(), "--batch", "0"),
                "lmkit: --batch must be at least 1, not 0");
        Path longLine = Files.writeString(dir.resolve("long.txt"), "the cat .\n" + "the cat ".repeat(20_000) + "\n");
        assertOneLineError(lmkit("score", "--model", run.toString(), "--input", longLine.toString()),
                "lmkit: line 2 has 160000 characters; score reads sentences of at most 100000 (use eval for long texts): " + longLine);
    }

    @Test
    void scoreWordsSumsTheTokensOfEachWord() throws Exception {
        Path sentences = Files.writeString(dir.resolve("w.txt"), "The cat doesn't see a tree.\n");
        var tokens = lmkit("score", "--model", run.toString(), "--input", sentences.toString()).out().lines().skip(1)
                .map(l -> Double.parseDouble(l.split("\t")[3])).toList(); // the cat does n't see a tree . <eos>
        Run r = lmkit("score", "--model", run.toString(), "--input", sentences.toString(), "--words");
        assertEquals(0, r.status(), r.err());
        var rows = r.out().lines().toList();
        assertEquals("sentence_id\tword_index\tword\tsurprisal\tpieces\tunknown", rows.get(0));
        assertEquals(List.of("The", "cat", "doesn't", "see", "a", "tree.", "<eos>"), rows.stream().skip(1).map(l -> l.split("\t")[2]).toList());
        String[] doesnt = rows.get(3).split("\t");
        assertEquals("2", doesnt[4], "does + n't");
        assertEquals(tokens.get(2) + tokens.get(3), Double.parseDouble(doesnt[3]), 1e-5);
        assertEquals(tokens.get(6) + tokens.get(7), Double.parseDouble(rows.get(6).split("\t")[3]), 1e-5, "tree + .");
        Map<String, Object> json = json(lmkit("score", "--model", run.toString(), "--input", sentences.toString(), "--words", "--json").out().strip());
        assertEquals(tokens.stream().mapToDouble(Double::doubleValue).sum(), ((Number) json.get("sum_surprisal")).doubleValue(), 1e-4);
        assertOneLineError(lmkit("score", "--model", run.toString(), "--input", sentences.toString(), "--words", "--totals"),
                "lmkit: --totals sums whole sentences and --words sums words: choose one");
    }

    @Test
    void scoreStreamsLongInputsInChunksWithoutLosingOrRenumberingSentences() throws Exception {
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < dev.lmkit.eval.ScoreRows.CHUNK * 2 + 5; i++) many.add(i % 2 == 0 ? "the cat sees a tree ." : "a bird .");
        Path input = Files.write(dir.resolve("many.txt"), many);
        for (boolean deterministic : new boolean[]{false, true}) {
            var totals = lmkit(deterministic ? new String[]{"score", "--model", run.toString(), "--input", input.toString(), "--totals", "--deterministic"}
                    : new String[]{"score", "--model", run.toString(), "--input", input.toString(), "--totals"}).out().lines().skip(1).toList();
            dev.lmkit.fused.Determinism.set(false);
            assertEquals(many.size(), totals.size());
            for (int i = 0; i < many.size(); i++) {
                String[] f = totals.get(i).split("\t");
                assertEquals(String.valueOf(i), f[0]);
                assertEquals(i % 2 == 0 ? "7" : "4", f[1]);
                String first = totals.get(i % 2).split("\t")[3];
                if (deterministic) {
                    assertEquals(first, f[3], "same sentence, same score, in any chunk");
                } else { // OpenBLAS picks its kernel by the batch's shape: the last bits may move
                    assertEquals(Double.parseDouble(first), Double.parseDouble(f[3]), 1e-5, "same sentence, same score up to float rounding");
                }
            }
        }
    }

    /** --deterministic in separate JVMs: the same bits with 1, 2 or 4 worker threads and any batch size. */
    @Test
    void deterministicScoresAreTheSameBitsForAnyThreadCountAndBatch() throws Exception {
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) lines.add(List.of("the cat sees a tree .", "a bird .", "the dogs like some bread near the river .").get(i % 3));
        Path input = Files.write(dir.resolve("det.txt"), lines);
        String first = null;
        for (String[] setting : new String[][]{{"1", "64"}, {"2", "7"}, {"4", "1"}, {"2", "150"}}) {
            ProcessBuilder pb = new ProcessBuilder("./lmkit", "score", "--model", run.toString(), "--input", input.toString(),
                    "--json", "--deterministic", "--batch", setting[1]).redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("LMKIT_NO_BUILD", "1");
            pb.environment().put("LMKIT_THREADS", setting[0]);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor());
            assertEquals(150, out.lines().count());
            if (first == null) first = out;
            else assertEquals(first, out, "LMKIT_THREADS=" + setting[0] + ", --batch " + setting[1]);
        }
    }

    @Test
    void trainOnATextFileWithAChosenConfig() throws Exception {
        Path text = TestData.tinyCorpus(dir, "mytext.txt", 200, 7);
        Path out = dir.resolve("from-text");
        Run r = lmkit("train", "--text", text.toString(), "--minutes", "0.1", "--out", out.toString(), "--json", "--quiet");
        assertEquals(0, r.status(), r.err());
        String config = Files.readString(out.resolve("config.yaml"));
        assertTrue(config.contains("mode: char") && config.contains("- 256"), config);
        assertTrue(Files.exists(out.resolve("best.zip")));
        assertOneLineError(lmkit("train", "--out", dir.resolve("neither").toString()), "lmkit: train needs --config FILE or --text FILE (one of them)");
    }

    @Test
    void tracePrintsOneRowPerTokenAndDrawsTheHeatmap() throws Exception {
        Path png = dir.resolve("trace.png");
        Run r = lmkit("trace", "--model", run.toString(), "--text", "the cat sees a tree", "--what", "forget", "--units", "0,3", "--png", png.toString());
        assertEquals(0, r.status(), r.err());
        var lines = r.out().lines().toList();
        assertEquals("token\tunit_0\tunit_3", lines.get(0));
        assertEquals(List.of("<eos>", "the", "cat", "sees", "a", "tree"), lines.subList(1, lines.size()).stream().map(l -> l.split("\t")[0]).toList());
        for (String line : lines.subList(1, lines.size())) {
            double f = Double.parseDouble(line.split("\t")[1]);
            assertTrue(f > 0 && f < 1, "a forget gate is in (0, 1): " + line);
        }
        assertTrue(Files.size(png) > 1000);
        assertOneLineError(lmkit("trace", "--model", run.toString(), "--text", "the cat", "--units", "99"), "lmkit: unit 99 is not in 0..15");
    }

    @Test
    void sampleAndConfigShowWork() throws Exception {
        Run s = lmkit("sample", "--model", run.toString(), "--length", "12", "--seed", "3", "--json");
        assertEquals(0, s.status(), s.err());
        assertEquals(s.out(), lmkit("sample", "--model", run.toString(), "--length", "12", "--seed", "3", "--json").out());
        Run c = lmkit("config", "show", config.toString());
        assertEquals(0, c.status(), c.err());
        assertTrue(c.out().contains("FusedEmbedding") && c.out().contains("FusedLstm") && c.out().contains("LossSparseMCXENT"), c.out());
    }

    @Test
    void badInputGivesOneLineNamingTheProblemAndExitStatus2() throws Exception {
        assertOneLineError(lmkit("eval", "--model", dir.resolve("missing").toString(), "--data", config.toString()),
                "lmkit: model not found: " + dir.resolve("missing"));
        Path cut = dir.resolve("cut.zip");
        byte[] bytes = Files.readAllBytes(run.resolve("best.zip"));
        Files.write(cut, java.util.Arrays.copyOf(bytes, 1000));
        assertOneLineError(lmkit("sample", "--model", cut.toString()), "lmkit: model file is truncated or not an lmkit model: " + cut);

        Path badKey = Files.writeString(dir.resolve("bad.yaml"), "model: {layers: 2}\n");
        Run r = lmkit("train", "--config", badKey.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("lmkit: unknown config key 'model.layers' in " + badKey), r.err());

        Path noCorpus = Files.writeString(dir.resolve("nocorpus.yaml"), "data: {train: " + dir.resolve("nope.txt") + "}\n");
        assertOneLineError(lmkit("train", "--config", noCorpus.toString(), "--out", dir.resolve("r2").toString()),
                "lmkit: corpus not found: " + dir.resolve("nope.txt"));

        assertOneLineError(lmkit("sample", "--model", run.toString(), "--temperature", "NaN"),
                "lmkit: --temperature must be a number >= 0, --top-k >= 0 and --top-p in (0, 1]");
        assertOneLineError(lmkit("eval", "--model", run.toString(), "--data", config.toString(), "--batch", "0"),
                "lmkit: --batch must be at least 1, not 0");
        Path twice = Files.writeString(dir.resolve("twice.yaml"), "model: {embedding: 8}\nmodel: {embedding: 16}\n");
        Run dup = lmkit("config", "show", twice.toString());
        assertEquals(2, dup.status());
        assertTrue(dup.err().startsWith("lmkit: config is not valid YAML (found duplicate key model, line 2): " + twice), dup.err());
        Run badSet = lmkit("config", "show", config.toString(), "--set", "model.layers=2");
        assertEquals(2, badSet.status());
        assertTrue(badSet.err().startsWith("lmkit: unknown config key 'model.layers' in --set model.layers=2"), badSet.err());
        Path infinite = Files.writeString(dir.resolve("inf.yaml"), "train: {lr: .inf}\n");
        assertTrue(lmkit("config", "show", infinite.toString()).err().contains("lr and clip_norm must be finite"));

        Path huge = dir.resolve("huge");
        Run tooLarge = lmkit("train", "--config", config.toString(), "--out", huge.toString(), "--set", "model.hidden=[100000]", "--quiet");
        assertEquals(2, tooLarge.status());
        assertTrue(tooLarge.err().startsWith("lmkit: the network is too large for this JVM: "), tooLarge.err());
        assertFalse(Files.exists(huge), "a refused run writes nothing");

        Path binary = Files.write(dir.resolve("bin.txt"), new byte[]{0, 1, 2});
        assertOneLineError(lmkit("eval", "--model", run.toString(), "--data", binary.toString()),
                "lmkit: eval data looks binary (NUL byte on line 1): " + binary);
    }

    @Test
    void debugShowsTheStackTrace() {
        Run r = lmkit("--debug", "eval", "--model", dir.resolve("missing").toString(), "--data", config.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("at dev.lmkit."), r.err());
    }

    static void assertOneLineError(Run r, String expected) {
        assertEquals(2, r.status(), r.err());
        assertEquals(expected, r.err().strip());
        assertEquals("", r.out());
    }

    @Test
    void importTorchWritesAModelTheOtherCommandsReadAndRefusesBadInput() throws Exception {
        Path fixtures = Path.of("src/test/resources/torch"), out = dir.resolve("imported");
        Run ok = lmkit("import", "torch", "--checkpoint", fixtures.resolve("lstm2-untied.state_dict.zip.pt").toString(),
                "--vocab", fixtures.resolve("vocab.txt").toString(), "--out", out.toString(), "--json");
        assertEquals(0, ok.status(), ok.err());
        assertEquals(30, json(ok.out()).get("vocabulary"));
        Run scored = lmkit("score", "--model", out.toString(), "--input", fixtures.resolve("sentences.txt").toString(), "--totals");
        assertEquals(0, scored.status(), scored.err());
        assertEquals(5, scored.out().lines().count(), "a header and one row per sentence");
        // the analyses read an imported model as they read lmkit's own
        Path suite = dir.resolve("imported-suite.tsv");
        List<String> rows = new java.util.ArrayList<>(List.of("sub_case\tattractors\tgrammatical\tungrammatical\tsubject_index\tsubject_number\tattractor_index"));
        for (int i = 0; i < 10; i++) {
            rows.add("sg\t1\tthe key to the cabinets is on the table\tthe key to the cabinets are on the table\t1\tsg\t4");
            rows.add("pl\t1\tthe keys to the cabinet are on the table\tthe keys to the cabinet is on the table\t1\tpl\t4");
            rows.add("sg\t0\tthe dog near the house barks\tthe dog near the house bark\t1\tsg\t4");
            rows.add("pl\t0\tthe dogs near the house bark\tthe dogs near the house barks\t1\tpl\t4");
        }
        Files.write(suite, rows);
        Run probed = lmkit("probe", "--model", out.toString(), "--suite", suite.toString(), "--json");
        assertEquals(0, probed.status(), probed.err());
        assertEquals(4 * 2 * 2, ((List<?>) json(probed.out()).get("cells")).size(), "four positions, two layers, h and c");
        Run scanned = lmkit("ablate", "--model", out.toString(), "--suite", suite.toString(), "--scan", "2");
        assertEquals(0, scanned.status(), scanned.err());
        assertTrue(scanned.out().startsWith("layer\tunit\taccuracy\tdrop\tdrop[attractors=0]\tdrop[attractors=1]\n2\tnone\t"), scanned.out());
        Run compared = lmkit("agreement", "compare", "--model", out.toString(), "--model", out.toString(), "--suite", suite.toString());
        assertEquals(0, compared.status(), compared.err());
        Run again = lmkit("import", "torch", "--checkpoint", fixtures.resolve("lstm2-untied.state_dict.zip.pt").toString(),
                "--vocab", fixtures.resolve("vocab.txt").toString(), "--out", out.toString());
        assertEquals(2, again.status());
        assertEquals("lmkit: refusing to overwrite " + out.resolve("best.zip") + " (choose another --out)", again.err().strip());
        Run gru = lmkit("import", "torch", "--checkpoint", fixtures.resolve("gru.module.zip.pt").toString(),
                "--vocab", fixtures.resolve("vocab.txt").toString(), "--out", dir.resolve("gru").toString());
        assertEquals(2, gru.status());
        assertEquals(1, gru.err().strip().lines().count(), gru.err());
        assertFalse(Files.exists(dir.resolve("gru")), "a refused import writes nothing");
        Path exported = dir.resolve("exported.pt");
        Run export = lmkit("export", "torch", "--model", out.toString(), "--out", exported.toString());
        assertEquals(0, export.status(), export.err());
        assertTrue(Files.exists(dir.resolve("exported.vocab.txt")));
        assertEquals(2, lmkit("export", "torch", "--model", out.toString(), "--out", exported.toString()).status(), "never overwrites");
    }

    @Test
    void aRunDirectoryThatHoldsAModelIsRefusedBeforeTheCorpusIsRead() throws Exception {
        Path config = Files.writeString(dir.resolve("missing-corpus.yaml"), "data: {train: " + dir.resolve("no-such-corpus.txt") + "}\n");
        Run r = lmkit("train", "--config", config.toString(), "--out", run.toString());
        assertEquals(2, r.status());
        assertEquals("lmkit: run directory already holds a model (use --resume, or another --out): " + run, r.err().strip());
    }
}
