package dev.lmkit.cli;

import dev.lmkit.TestData;
import dev.lmkit.api.LanguageModel;
import dev.lmkit.eval.ScoredText;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;

import static dev.lmkit.cli.CliTest.json;
import static dev.lmkit.cli.CliTest.lmkit;
import static org.junit.jupiter.api.Assertions.*;

/**
 * One text path: {@code score}, the Java API and {@code agreement} see a raw sentence (capitals,
 * punctuation) the same way, token for token, and an item's verdict is what the summed {@code score}
 * surprisals imply. A word model trained on lowercased, pre-tokenized PTB-style text and a char model.
 */
class TextPathTest {
    @TempDir
    static Path dir;
    /** score prints 6 decimals; float32 sums also differ in the last digits with the batch a sentence shares. */
    static final double TOLERANCE = 1e-5;
    static final List<String[]> PAIRS = List.of(
            new String[]{"The cat sees the ball.", "The cat see the ball."},
            new String[]{"The dogs like a tree.", "The dogs likes a tree."},
            new String[]{"A bird doesn't see the river!", "A bird don't see the river!"});

    @BeforeAll
    static void trainAndWriteSuites() throws Exception {
        Path train = TestData.tinyCorpus(dir, "train.txt", 400, 1), valid = TestData.tinyCorpus(dir, "valid.txt", 40, 2);
        for (String mode : List.of("word", "char")) {
            Path config = Files.writeString(dir.resolve(mode + ".yaml"), """
                    data: {mode: %s, tokenizer: whitespace, train: %s, valid: %s}
                    model: {embedding: 8, hidden: [16]}
                    train: {batch: 4, bptt: 8, epochs: 1, seed: 3}
                    """.formatted(mode, train, valid));
            CliTest.Run r = lmkit("train", "--config", config.toString(), "--out", dir.resolve(mode).toString(), "--quiet");
            assertEquals(0, r.status(), r.err());
        }
        List<String> blimp = new ArrayList<>();
        for (int i = 0; i < PAIRS.size(); i++) {
            blimp.add("{\"sentence_good\": \"%s\", \"sentence_bad\": \"%s\", \"UID\": \"pairs\", \"pairID\": \"%d\"}"
                    .formatted(PAIRS.get(i)[0], PAIRS.get(i)[1], i));
        }
        Files.write(dir.resolve("pairs.jsonl"), blimp);
        Files.writeString(dir.resolve("gym.json"), """
                {"meta": {"name": "gym"}, "predictions": [{"type": "formula", "formula": "(3;%match%) < (3;%mismatch%)"}],
                 "items": [{"item_number": 1, "conditions": [
                   {"condition_name": "match", "regions": [{"region_number": 1, "content": "The Dogs,"}, {"region_number": 2, "content": "near the cat,"}, {"region_number": 3, "content": "like it."}]},
                   {"condition_name": "mismatch", "regions": [{"region_number": 1, "content": "The Dogs,"}, {"region_number": 2, "content": "near the cat,"}, {"region_number": 3, "content": "likes it."}]}]}]}
                """);
    }

    /** Rows of {@code score}'s TSV, one list of (token, surprisal, unknown) per sentence. */
    static List<List<String[]>> score(String model, Path input, String... options) {
        List<String> args = new ArrayList<>(List.of("score", "--model", model, "--input", input.toString()));
        args.addAll(List.of(options));
        CliTest.Run r = lmkit(args.toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(List.of("sentence_id", "token_index", "token", "surprisal", "unknown"), List.of(lines.get(0).split("\t")));
        List<List<String[]>> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            int id = Integer.parseInt(f[0]);
            while (out.size() <= id) out.add(new ArrayList<>());
            out.get(id).add(new String[]{f[2], f[3], f[4]});
        }
        return out;
    }

    static double sum(List<String[]> rows) {
        return rows.stream().mapToDouble(r -> Double.parseDouble(r[1])).sum();
    }

    static void assertSameTokens(List<String[]> rows, ScoredText api, List<Map<String, Object>> report, String what) {
        assertEquals(rows.size(), api.size(), what);
        assertEquals(rows.size(), report.size(), what);
        for (int t = 0; t < rows.size(); t++) {
            String token = rows.get(t)[0].replace("\\n", "\n");
            assertEquals(token, api.tokens().get(t), what);
            assertEquals(token, report.get(t).get("token"), what);
            double s = Double.parseDouble(rows.get(t)[1]);
            assertEquals(s, api.surprisals()[t], TOLERANCE, what + " token " + t);
            assertEquals(s, ((Number) report.get(t).get("surprisal")).doubleValue(), TOLERANCE, what + " token " + t);
            assertEquals("1".equals(rows.get(t)[2]), api.unknown()[t], what);
            assertEquals("1".equals(rows.get(t)[2]), report.get(t).get("unknown"), what);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> items(Path report, String suite) throws Exception {
        var suites = (Map<String, List<Map<String, Object>>>) json(Files.readString(report.resolve("items.json"))).get("suites");
        return suites.get(suite);
    }

    @ParameterizedTest
    @ValueSource(strings = {"word", "char"})
    @SuppressWarnings("unchecked")
    void blimpItemsScoreAsScoreAndTheApiSeeThem(String mode) throws Exception {
        String model = dir.resolve(mode).toString();
        Path report = dir.resolve("report-" + mode);
        CliTest.Run r = lmkit("agreement", "--model", model, "--suite", dir.resolve("pairs.jsonl").toString(), "--report", report.toString());
        assertEquals(0, r.status(), r.err());
        List<String> sentences = new ArrayList<>();
        for (String[] p : PAIRS) sentences.addAll(List.of(p));
        Path input = Files.write(dir.resolve("sentences-" + mode + ".txt"), sentences);
        List<List<String[]>> scored = score(model, input);
        List<ScoredText> api = LanguageModel.load(Path.of(model)).surprisals(sentences);
        List<Map<String, Object>> items = items(report, "pairs");
        for (int i = 0; i < PAIRS.size(); i++) {
            var scores = (Map<String, Object>) items.get(i).get("scores");
            assertSameTokens(scored.get(2 * i), api.get(2 * i), (List<Map<String, Object>>) scores.get("good_tokens"), PAIRS.get(i)[0]);
            assertSameTokens(scored.get(2 * i + 1), api.get(2 * i + 1), (List<Map<String, Object>>) scores.get("bad_tokens"), PAIRS.get(i)[1]);
            assertEquals(sum(scored.get(2 * i)) < sum(scored.get(2 * i + 1)), items.get(i).get("correct"), PAIRS.get(i)[0]);
        }
        if (mode.equals("word")) {
            // trained on "the cat sees the ball ." : raw text is PTB-tokenized and lowercased like it
            assertEquals(List.of("the", "cat", "sees", "the", "ball", ".", "<eos>"), api.get(0).tokens());
            assertEquals(0, api.get(0).unknownCount());
            assertEquals(List.of("a", "bird", "does", "n't", "see", "the", "river", "!", "<eos>"), api.get(4).tokens());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"word", "char"})
    @SuppressWarnings("unchecked")
    void syntaxGymRegionsScoreAsScorePrefixSeesThem(String mode) throws Exception {
        String model = dir.resolve(mode).toString();
        Path report = dir.resolve("gym-" + mode);
        assertEquals(0, lmkit("agreement", "--model", model, "--suite", dir.resolve("gym.json").toString(), "--report", report.toString()).status());
        var item = items(report, "gym").get(0);
        var scores = (Map<String, Object>) item.get("scores");
        var regions = (Map<String, List<Number>>) scores.get("region_surprisal_bits");
        var tokens = (Map<String, List<Map<String, Object>>>) scores.get("tokens");
        // whole condition (prefix empty: no line end) and its last region given the first two
        Path input = Files.write(dir.resolve("gym-" + mode + ".txt"), List.of(
                "\tThe Dogs, near the cat, like it.", "\tThe Dogs, near the cat, likes it.",
                "The Dogs, near the cat,\tlike it.", "The Dogs, near the cat,\tlikes it."));
        List<List<String[]>> scored = score(model, input, "--prefix");
        LanguageModel lm = LanguageModel.load(Path.of(model));
        assertSameTokens(scored.get(0), lm.continuation("", "The Dogs, near the cat, like it."), tokens.get("match"), "match");
        assertSameTokens(scored.get(1), lm.continuation("", "The Dogs, near the cat, likes it."), tokens.get("mismatch"), "mismatch");
        double match = regions.get("match").get(2).doubleValue(), mismatch = regions.get("mismatch").get(2).doubleValue();
        assertEquals(sum(scored.get(2)), match, 1e-4);
        assertEquals(sum(scored.get(3)), mismatch, 1e-4);
        assertEquals(sum(scored.get(2)) < sum(scored.get(3)), item.get("correct"));
    }
}
