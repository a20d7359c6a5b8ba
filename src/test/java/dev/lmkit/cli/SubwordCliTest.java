package dev.lmkit.cli;

import dev.lmkit.TestData;
import dev.lmkit.corpus.Subwords;
import dev.lmkit.model.ModelBundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.lmkit.cli.CliTest.json;
import static dev.lmkit.cli.CliTest.lmkit;
import static org.junit.jupiter.api.Assertions.*;

/** A {@code data.tokenizer: bpe} model through the commands: no unknown words, words scored as the sum of their pieces. */
@SuppressWarnings("unchecked")
class SubwordCliTest {
    @TempDir
    static Path dir;
    static Path run;
    static Path config;

    @BeforeAll
    static void trainATinyBpeModel() throws Exception {
        Path train = TestData.tinyCorpus(dir, "train.txt", 300, 1);
        Path valid = TestData.tinyCorpus(dir, "valid.txt", 30, 2);
        config = Files.writeString(dir.resolve("bpe.yaml"), """
                data: {tokenizer: bpe, vocab_size: 300, train: %s, valid: %s}
                model: {embedding: 8, hidden: [16]}
                train: {batch: 4, bptt: 8, epochs: 2}
                """.formatted(train, valid));
        run = dir.resolve("run");
        CliTest.Run r = lmkit("train", "--config", config.toString(), "--out", run.toString(), "--json", "--quiet");
        assertEquals(0, r.status(), r.err());
        Map<String, Object> valid0 = (Map<String, Object>) json(r.out()).get("valid");
        assertEquals(30 * 7L - 1, ((Number) valid0.get("words")).longValue(), "30 lines of 6 words and <eos>, all but the first predicted");
    }

    @Test
    void theModelKeepsItsPiecesAndEvalReportsPerWordPerplexity() throws Exception {
        ModelBundle bundle = ModelBundle.load(run);
        assertNotNull(bundle.subwords(), "the pieces are in the model file");
        CliTest.Run r = lmkit("eval", "--model", run.toString(), "--data", dir.resolve("valid.txt").toString(), "--json");
        assertEquals(0, r.status(), r.err());
        Map<String, Object> o = json(r.out());
        long tokens = ((Number) o.get("tokens")).longValue(), words = ((Number) o.get("words")).longValue();
        assertEquals(30 * 7 - 1, words);
        assertTrue(tokens > words, "more pieces than words: " + tokens);
        double sum = ((Number) o.get("sum_nll")).doubleValue();
        assertEquals(Math.exp(sum / words), ((Number) o.get("word_perplexity")).doubleValue(), 1e-9);
        assertEquals(0, ((Number) o.get("unseen_tokens")).longValue());
    }

    @Test
    void trainingValidatesPerWordToo() throws Exception {
        CliTest.Run r = lmkit("eval", "--model", run.toString(), "--data", dir.resolve("valid.txt").toString(), "--json");
        Map<String, Object> o = json(r.out());
        double piecesPerWord = ((Number) o.get("tokens")).doubleValue() / ((Number) o.get("words")).doubleValue();
        List<dev.lmkit.train.MetricsCsv.Row> rows = dev.lmkit.train.MetricsCsv.read(run.resolve("metrics.csv"));
        assertEquals(2, rows.size(), "a validation per epoch");
        for (var row : rows) {
            // the same loss over the words: per piece × pieces per word (the file keeps five decimals of the loss)
            assertEquals(row.validLoss() * piecesPerWord, row.validWordLoss(), 1e-3, "row " + row);
        }
        assertTrue(Files.readAllLines(run.resolve("metrics.csv")).get(0).endsWith(",valid_word_ppl"));
    }

    @Test
    void scoreWordsSumsPiecesAndNothingIsUnknown() throws Exception {
        Path sentences = Files.writeString(dir.resolve("s.txt"), "The zebras like the river.\n");
        CliTest.Run tokens = lmkit("score", "--model", run.toString(), "--input", sentences.toString());
        assertEquals(0, tokens.status(), tokens.err());
        List<String[]> rows = tokens.out().lines().skip(1).map(l -> l.split("\t")).toList();
        for (String[] row : rows) assertEquals("0", row[4], "never unknown: " + String.join(" ", row));
        List<String> pieces = rows.stream().map(row -> row[2]).toList();
        assertEquals(List.of("the", "zebras", "like", "the", "river", ".", "<eos>"), Subwords.words(pieces), "the pieces give the words back");
        CliTest.Run words = lmkit("score", "--model", run.toString(), "--input", sentences.toString(), "--words");
        assertEquals(0, words.status(), words.err());
        List<String[]> wordRows = words.out().lines().skip(1).map(l -> l.split("\t")).toList();
        assertEquals(List.of("The", "zebras", "like", "the", "river.", "<eos>"), wordRows.stream().map(w -> w[2]).toList());
        double pieceSum = rows.stream().mapToDouble(row -> Double.parseDouble(row[3])).sum();
        double wordSum = wordRows.stream().mapToDouble(w -> Double.parseDouble(w[3])).sum();
        assertEquals(pieceSum, wordSum, 1e-4);
        assertTrue(Integer.parseInt(wordRows.get(1)[4]) > 1, "a word never seen in training is several pieces: " + String.join(" ", wordRows.get(1)));
    }

    @Test
    void corpusTokenizerLearnsWhatTrainLearnsAndReportsTheCut() throws Exception {
        Path pieces = dir.resolve("pieces.txt");
        CliTest.Run r = lmkit("corpus", "tokenizer", "--config", config.toString(), "--out", pieces.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        Map<String, Object> o = json(r.out());
        assertEquals(300, ((Number) o.get("vocabulary")).intValue());
        Map<String, Object> valid = (Map<String, Object>) o.get("valid");
        assertEquals(30 * 7L, ((Number) valid.get("words")).longValue());
        assertTrue(((Number) valid.get("pieces_per_word")).doubleValue() >= 1.0);
        assertEquals(ModelBundle.load(run).subwords().write(), Files.readString(pieces), "the pieces train learned");
        CliTest.assertOneLineError(lmkit("corpus", "tokenizer", "--config", config.toString(), "--out", pieces.toString()),
                "lmkit: --out " + pieces + " exists; lmkit does not overwrite it");
        CliTest.Run larger = lmkit("corpus", "tokenizer", "--config", config.toString(), "--vocab-size", "290");
        assertEquals(0, larger.status(), larger.err());
        assertTrue(larger.out().startsWith("290 pieces"), larger.out());
    }

    @Test
    void agreementScoresVerbsTheTrainingTextNeverHad() throws Exception {
        Path suites = dir.resolve("suites");
        assertEquals(0, lmkit("agreement", "generate", "--out", suites.toString(), "--per-condition", "10").status());
        CliTest.Run r = lmkit("agreement", "--model", run.toString(), "--suite", suites.resolve("across_prepositional_phrase.tsv").toString(), "--json");
        assertEquals(0, r.status(), r.err());
        Map<String, Object> suite = (Map<String, Object>) ((Map<String, Object>) json(r.out()).get("suites")).get("across_prepositional_phrase");
        assertEquals(40, ((Number) suite.get("n")).intValue(), "10 per condition, 4 conditions");
        assertEquals(0, ((Number) suite.get("unknown_critical")).intValue(), "the grammar's words are pieces, never <unk>, for a 300-piece model of another text");
    }

    @Test
    void sampleWritesWords() {
        CliTest.Run s = lmkit("sample", "--model", run.toString(), "--length", "30", "--seed", "3");
        assertEquals(0, s.status(), s.err());
        assertFalse(s.out().contains(Subwords.WORD_START), "pieces joined into words: " + s.out());
    }
}
