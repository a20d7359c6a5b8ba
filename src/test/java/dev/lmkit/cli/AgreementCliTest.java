package dev.lmkit.cli;

import dev.lmkit.Json;
import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;
import dev.lmkit.agreement.AgreementGrammar;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.train.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;

import static dev.lmkit.cli.CliTest.json;
import static dev.lmkit.cli.CliTest.lmkit;
import static org.junit.jupiter.api.Assertions.*;

/** A small model trained on the synthetic agreement corpus, scored on lmkit's generated suites. */
class AgreementCliTest {
    @TempDir
    static Path dir;
    static Path run;
    static Path suites;

    @BeforeAll
    static void trainOnTheSyntheticCorpus() {
        AgreementGrammar grammar = AgreementGrammar.load(AgreementGrammar.DEFAULT);
        grammar.writeCorpus(dir.resolve("train.txt"), 8000, 11);
        grammar.writeCorpus(dir.resolve("valid.txt"), 300, 12);
        LmConfig config = ConfigLoader.parse("""
                data: {train: %s, valid: %s}
                model: {embedding: 32, hidden: [64]}
                train: {optimizer: adam, lr: 0.01, batch: 16, bptt: 20, epochs: 3, seed: 5}
                """.formatted(dir.resolve("train.txt"), dir.resolve("valid.txt")), "agreement-test.yaml", List.of());
        run = dir.resolve("run");
        Trainer.train(config, Corpus.load(config.data()), new Trainer.Options(run, false, true, new PrintStream(PrintStream.nullOutputStream())));
        suites = dir.resolve("suites");
        assertEquals(0, lmkit("agreement", "generate", "--out", suites.toString(), "--per-condition", "40").status());
    }

    @Test
    @SuppressWarnings("unchecked")
    void compareTablesModelsWithPairedTestsAndWritesAReport() throws Exception {
        Path report = dir.resolve("compare");
        CliTest.Run r = lmkit("agreement", "compare", "--model", run.toString(), "--model", run.resolve("last.zip").toString(),
                "--suite", suites.toString(), "--report", report.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("| suite | group | n | run | run#2 |"), r.out());
        // the same weights twice: no item where one is right and the other wrong
        assertTrue(r.out().contains("| simple_agreement | all | run vs run#2 | 0 | 0 | exact | 0.000 | 1.000 | no difference |"), r.out());
        assertEquals(List.of("comparison.json", "comparison.md", "comparison.png"),
                Files.list(report).map(p -> p.getFileName().toString()).sorted().toList());
        Map<String, Object> json = CliTest.json(Files.readString(report.resolve("comparison.json")));
        assertEquals(List.of("run", "run#2"), json.get("models"));
        assertFalse(((List<Object>) json.get("rows")).isEmpty());
        CliTest.assertOneLineError(lmkit("agreement", "compare", "--model", run.toString(), "--model", run.toString(), "--suite",
                suites.toString(), "--report", report.toString()), "lmkit: --report: " + report + " exists (compare writes a new directory)");
        CliTest.assertOneLineError(lmkit("agreement", "compare", "--model", run.toString(), "--suite", suites.toString()),
                "lmkit: agreement compare needs two or more --model");
    }

    @Test
    @SuppressWarnings("unchecked")
    void probeReadsTheSubjectsNumberFromTheGeneratedSuites() throws Exception {
        Path report = dir.resolve("probe");
        CliTest.Run r = lmkit("probe", "--model", run.toString(), "--suite", suites.toString(), "--report", report.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        Map<String, Object> out = json(r.out());
        List<Map<String, Object>> cells = (List<Map<String, Object>>) out.get("cells");
        assertEquals(4 * 2, cells.size(), "four positions, h and c of the one layer");
        for (Map<String, Object> c : cells) {
            if (c.get("position").equals("subject")) {
                assertTrue(((Number) c.get("accuracy")).doubleValue() >= 0.95, "the subject's own number: " + c);
            }
        }
        assertEquals(List.of("probe.json", "probe.md", "probe.png"), Files.list(report).map(p -> p.getFileName().toString()).sorted().toList());
        Path blimp = dir.resolve("blimp.jsonl");
        Files.writeString(blimp, "{\"sentence_good\": \"the dog sleeps\", \"sentence_bad\": \"the dog sleep\", \"UID\": \"u\"}\n");
        CliTest.assertOneLineError(lmkit("probe", "--model", run.toString(), "--suite", blimp.toString()), "lmkit: suite u (blimp) does not say "
                + "where the subject is: probe reads suites mined by `agreement mine` or written by `agreement generate`");
    }

    @Test
    void ablateScansALayerAndSilencesChosenUnits() throws Exception {
        Path pp = suites.resolve("across_prepositional_phrase.tsv"), report = dir.resolve("scan");
        CliTest.Run r = lmkit("ablate", "--model", run.toString(), "--suite", pp.toString(), "--scan", "1", "--report", report.toString());
        assertEquals(0, r.status(), r.err());
        List<String> rows = r.out().lines().toList();
        assertEquals("layer\tunit\taccuracy\tdrop\tdrop[attractors=0]\tdrop[attractors=1]", rows.get(0));
        assertEquals(1 + 1 + 64, rows.size(), "header, the intact model, one row per unit");
        assertTrue(rows.get(1).startsWith("1\tnone\t"), rows.get(1));
        double first = Double.parseDouble(rows.get(2).split("\t")[3]), last = Double.parseDouble(rows.get(65).split("\t")[3]);
        assertTrue(first >= last, "largest drop first");
        assertTrue(r.err().contains("scan layer 1: unit 64/64"), r.err());
        assertEquals(List.of("scan.png", "scan.tsv"), Files.list(report).map(p -> p.getFileName().toString()).sorted().toList());
        String top = rows.get(2).split("\t")[1];
        CliTest.Run one = lmkit("ablate", "--model", run.toString(), "--suite", pp.toString(), "--units", "1:" + top);
        assertEquals(0, one.status(), one.err());
        assertEquals(rows.get(2).split("\t")[3], one.out().lines().toList().get(1).split("\t")[3], "the same drop as the scan's row");
        CliTest.assertOneLineError(lmkit("ablate", "--model", run.toString(), "--suite", pp.toString(), "--units", "1:64"),
                "lmkit: unit 1:64: layer 1 has units 0 to 63");
    }

    @Test
    @SuppressWarnings("unchecked")
    void itemsMinedFromTheGrammarsTextAreScoredLikeTheGeneratedOnes() throws Exception {
        Path mined = dir.resolve("mined");
        // what a killed earlier run left behind is never shipped with the new suite
        Files.createDirectories(dir.resolve("mined.mining"));
        Files.writeString(dir.resolve("mined.mining/stale.gold"), "half a file");
        CliTest.Run r = lmkit("agreement", "mine", "--corpus", dir.resolve("valid.txt").toString(), "--out", mined.toString(),
                "--max-items", "120", "--json");
        assertEquals(0, r.status(), r.err());
        Map<String, Object> counts = json(r.out());
        assertEquals(120, ((Number) counts.get("items")).intValue(), r.out());
        try (var files = Files.list(mined)) {
            assertEquals(List.of("summary.md", "valid.eval", "valid.gold", "valid.text"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertTrue(((Map<String, Number>) counts.get("by_attractors")).containsKey("1"), "PPs and relative clauses give attractors: " + counts);

        r = lmkit("agreement", "--model", run.toString(), "--suite", mined.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        var suite = ((Map<String, Map<String, Object>>) json(r.out()).get("suites")).get("valid");
        var byAttractors = (Map<String, Map<String, Number>>) suite.get("groups");
        assertTrue(byAttractors.get("n_attr=0").get("accuracy").doubleValue() >= 0.9, "mined items without attractors: " + byAttractors);

        CliTest.Run again = lmkit("agreement", "mine", "--corpus", dir.resolve("valid.txt").toString(), "--out", mined.toString());
        assertEquals(2, again.status());
        assertTrue(again.err().contains("never overwrites"), again.err());
        CliTest.Run negative = lmkit("agreement", "mine", "--corpus", dir.resolve("valid.txt").toString(), "--out",
                dir.resolve("other").toString(), "--max-items", "-1");
        assertEquals(2, negative.status());
        assertTrue(negative.err().contains("--max-items"), negative.err());
        assertFalse(Files.exists(dir.resolve("other")));
        CliTest.Run german = lmkit("agreement", "mine", "--corpus", dir.resolve("valid.txt").toString(), "--out",
                dir.resolve("other").toString(), "--language", "de");
        assertEquals(2, german.status());
        assertTrue(german.err().contains("only en"), german.err());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTrainedModelAgreesWellAboveChanceWithoutAttractors() throws Exception {
        CliTest.Run r = lmkit("agreement", "--model", run.toString(), "--suite", suites.toString(), "--json", "--report", dir.resolve("report").toString());
        assertEquals(0, r.status(), r.err());
        var all = (Map<String, Map<String, Object>>) json(r.out()).get("suites");
        assertEquals(8, all.size());
        var simple = all.get("simple_agreement");
        assertEquals(80, ((Number) simple.get("n")).intValue());
        assertTrue(((Number) simple.get("accuracy")).doubleValue() >= 0.9, "simple agreement: " + simple);
        var pp = (Map<String, Map<String, Number>>) all.get("across_prepositional_phrase").get("groups");
        assertTrue(pp.get("attractors=0").get("accuracy").doubleValue() >= 0.9, "PP without attractor: " + pp);
        for (String f : List.of("items.json", "summary.md", "accuracy.png")) assertTrue(Files.size(dir.resolve("report").resolve(f)) > 0, f);
    }

    /** A report appears whole and replaces an earlier one whole; a directory of other files is never touched. */
    @Test
    void reportsAreWrittenWholeAndNeverOverAUsersDirectory() throws Exception {
        Path report = dir.resolve("whole");
        assertEquals(0, lmkit("agreement", "--model", run.toString(), "--suite", suites.toString(), "--report", report.toString()).status());
        Files.writeString(report.resolve("items.json"), "{\"from\": \"an older model\"}");
        assertEquals(0, lmkit("agreement", "--model", run.toString(), "--suite", suites.toString(), "--report", report.toString()).status());
        assertTrue(Files.readString(report.resolve("items.json")).contains("simple_agreement"), "the old report replaced whole");
        try (var siblings = Files.list(dir)) {
            assertTrue(siblings.noneMatch(p -> p.getFileName().toString().startsWith(".whole")), "no temporary directory left");
        }
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("paper.tex"), "\\section{Results}");
        CliTest.Run refused = lmkit("agreement", "--model", run.toString(), "--suite", suites.toString(), "--report", mine.toString());
        assertEquals(2, refused.status());
        assertEquals("lmkit: --report names a directory that is not an lmkit report (it holds paper.tex): give a new directory: " + mine,
                refused.err().strip());
        try (var files = Files.list(mine)) {
            assertEquals(List.of(mine.resolve("paper.tex")), files.toList());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void agreementAndScoreGiveTheSameSummedSurprisals() throws Exception {
        Path suite = suites.resolve("across_object_relative_clause.tsv");
        Path report = dir.resolve("orc");
        assertEquals(0, lmkit("agreement", "--model", run.toString(), "--suite", suite.toString(), "--report", report.toString()).status());
        var items = ((Map<String, List<Map<String, Object>>>) json(Files.readString(report.resolve("items.json"))).get("suites"))
                .get("across_object_relative_clause");
        List<String> good = new ArrayList<>();
        for (var item : items) good.add((String) ((Map<String, Object>) item.get("scores")).get("good"));
        Path sentences = Files.write(dir.resolve("good.txt"), good);
        CliTest.Run scored = lmkit("score", "--model", run.toString(), "--input", sentences.toString());
        double[] sums = new double[good.size()];
        scored.out().lines().skip(1).forEach(line -> {
            String[] f = line.split("\t");
            sums[Integer.parseInt(f[0])] += Double.parseDouble(f[3]);
        });
        for (int i = 0; i < good.size(); i++) {
            double fromAgreement = ((Number) ((Map<String, Object>) items.get(i).get("scores")).get("good_surprisal_bits")).doubleValue();
            assertEquals(fromAgreement, sums[i], 1e-4 * (1 + fromAgreement), good.get(i)); // TSV rounds to 6 decimals per token
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void targetWordAndSyntaxGymSuitesScoreWithTheSameModel() throws Exception {
        Files.writeString(dir.resolve("tw.text"), "the dogs near the cat sleep\nthe dog near the cats sleeps\n");
        Files.writeString(dir.resolve("tw.eval"), "5\n5\n");
        Files.writeString(dir.resolve("tw.gold"), "pp\t1\t0\t5\tVERB\tPlur\tsleep\tsleeps\tsleep\t1\n"
                + "pp\t2\t0\t5\tVERB\tSing\tsleeps\tsleep\tsleep\t1\n");
        Map<String, List<Double>> correctForm = new HashMap<>();
        for (String mode : List.of("--exclude-unk", "--carry-state")) {
            Path report = dir.resolve("tw" + mode);
            CliTest.Run r = lmkit("agreement", "--model", run.toString(), "--suite", dir.resolve("tw.text").toString(), "--json", mode,
                    "--report", report.toString());
            assertEquals(0, r.status(), r.err());
            assertEquals(2, ((Number) ((Map<?, ?>) ((Map<?, ?>) json(r.out()).get("suites")).get("tw")).get("n")).intValue());
            var items = ((Map<String, List<Map<String, Map<String, Object>>>>) json(Files.readString(report.resolve("items.json")))
                    .get("suites")).get("tw");
            correctForm.put(mode, items.stream().map(i -> ((Number) i.get("scores").get("correct_surprisal_bits")).doubleValue()).toList());
        }
        // The first sentence starts from the same zero state either way; the second sees the first only with --carry-state.
        assertEquals(correctForm.get("--exclude-unk").get(0), correctForm.get("--carry-state").get(0), 1e-4);
        assertNotEquals(correctForm.get("--exclude-unk").get(1), correctForm.get("--carry-state").get(1), 1e-4);
        Files.writeString(dir.resolve("gym.json"), """
                {"meta": {"name": "gym"}, "predictions": [{"type": "formula", "formula": "(3;%match%) < (3;%mismatch%)"}],
                 "items": [{"item_number": 1, "conditions": [
                   {"condition_name": "match", "regions": [{"region_number": 1, "content": "the dogs"}, {"region_number": 2, "content": "near the cat"}, {"region_number": 3, "content": "sleep"}]},
                   {"condition_name": "mismatch", "regions": [{"region_number": 1, "content": "the dogs"}, {"region_number": 2, "content": "near the cat"}, {"region_number": 3, "content": "sleeps"}]}]}]}
                """);
        CliTest.Run gym = lmkit("agreement", "--model", run.toString(), "--suite", dir.resolve("gym.json").toString());
        assertEquals(0, gym.status(), gym.err());
        assertTrue(gym.out().startsWith("gym [syntaxgym]"), gym.out());
    }
}
