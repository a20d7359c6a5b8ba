package dev.lmkit.interop;

import dev.lmkit.LmkitException;
import dev.lmkit.api.LanguageModel;
import dev.lmkit.eval.ScoredText;
import dev.lmkit.model.ModelBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Import of word_language_model-shaped PyTorch LSTMs (fixtures from interop/make-torch-fixtures.py:
 * 1–3 layers, tied and untied, each as state_dict and pickled module in the zip and legacy formats):
 * every token's surprisal equals PyTorch's.
 */
class TorchImportTest {
    static final Path FIXTURES = Path.of("src/test/resources/torch");
    static final List<String> MODELS = List.of("lstm1-untied", "lstm2-untied", "lstm3-tied", "lstm1-tied");
    static final List<String> FORMS = List.of("state_dict.zip", "state_dict.legacy", "module.zip", "module.legacy");
    @TempDir
    Path dir;

    static TorchImport.Options options(Path checkpoint) {
        return new TorchImport.Options(checkpoint, FIXTURES.resolve("vocab.txt"), null, "<unk>", "<eos>");
    }

    /** PyTorch's surprisals (bits) per model: sentence → tokens' values. */
    static Map<String, List<List<Double>>> reference() throws Exception {
        Map<String, List<List<Double>>> out = new HashMap<>();
        for (String line : Files.readAllLines(FIXTURES.resolve("surprisals.tsv")).subList(1, Files.readAllLines(FIXTURES.resolve("surprisals.tsv")).size())) {
            String[] f = line.split("\t");
            List<List<Double>> sentences = out.computeIfAbsent(f[0], k -> new ArrayList<>());
            int s = Integer.parseInt(f[1]);
            while (sentences.size() <= s) sentences.add(new ArrayList<>());
            sentences.get(s).add(Double.parseDouble(f[4]));
        }
        return out;
    }

    /** The largest |lmkit − PyTorch| surprisal over all tokens of the fixture sentences. */
    static double maxDifference(ModelBundle bundle, List<List<Double>> expected) throws Exception {
        List<String> sentences = Files.readAllLines(FIXTURES.resolve("sentences.txt"));
        List<ScoredText> scored = new LanguageModel(bundle).surprisals(sentences);
        double worst = 0;
        for (int s = 0; s < sentences.size(); s++) {
            double[] bits = scored.get(s).surprisals();
            assertEquals(expected.get(s).size(), bits.length, "tokens of sentence " + s);
            for (int t = 0; t < bits.length; t++) worst = Math.max(worst, Math.abs(bits[t] - expected.get(s).get(t)));
        }
        return worst;
    }

    @Test
    void everyModelInEveryFileFormGivesPyTorchsSurprisals() throws Exception {
        Map<String, List<List<Double>>> reference = reference();
        double worst = 0;
        for (String model : MODELS) {
            for (String form : FORMS) {
                ModelBundle bundle = TorchImport.load(options(FIXTURES.resolve(model + "." + form + ".pt")));
                assertEquals(model.endsWith("-tied"), bundle.config().model().tieWeights(), model + "." + form);
                double diff = maxDifference(bundle, reference.get(model));
                assertTrue(diff < 1e-3, model + "." + form + ": max surprisal difference " + diff + " bits");
                worst = Math.max(worst, diff);
            }
        }
        for (String model : List.of("lstm1-untied", "lstm2-untied")) { // DL4J's stock layers take the same weights
            var stock = TorchImport.load(new TorchImport.Options(FIXTURES.resolve(model + ".module.zip.pt"), FIXTURES.resolve("vocab.txt"), null,
                    "<unk>", "<eos>", dev.lmkit.config.ModelConfig.Impl.DL4J));
            assertFalse(stock.net().getLayer(1) instanceof dev.lmkit.fused.FusedLstmLayer);
            assertTrue(maxDifference(stock, reference.get(model)) < 1e-3, model + " with impl dl4j");
        }
        System.out.printf("torch import: max |lmkit - PyTorch| surprisal over %d files: %.2e bits%n", MODELS.size() * FORMS.size(), worst);
    }

    /** Where PyTorch is installed, the script regenerates the committed fixtures' reference numbers. */
    @Test
    void theFixtureScriptReproducesTheCommittedReference() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(TorchExportTest.torchInstalled(), "needs Debian's python3-torch");
        Process p = new ProcessBuilder("/usr/bin/python3", "interop/make-torch-fixtures.py", dir.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        List<String> committed = Files.readAllLines(FIXTURES.resolve("surprisals.tsv")), fresh = Files.readAllLines(dir.resolve("surprisals.tsv"));
        assertEquals(committed.size(), fresh.size());
        for (int i = 1; i < committed.size(); i++) {
            String[] a = committed.get(i).split("\t"), b = fresh.get(i).split("\t");
            assertEquals(List.of(a).subList(0, 4), List.of(b).subList(0, 4));
            assertEquals(Double.parseDouble(a[4]), Double.parseDouble(b[4]), 1e-5, committed.get(i));
        }
        assertEquals(Files.readAllLines(FIXTURES.resolve("vocab.txt")), Files.readAllLines(dir.resolve("vocab.txt")));
    }

    @Test
    void theVocabularyCanBeRebuiltFromTheTrainingTextAsDataDictionaryDoes() throws Exception {
        List<String> vocab = Files.readAllLines(FIXTURES.resolve("vocab.txt"));
        List<String> lines = new ArrayList<>(); // a text whose first appearances give that order
        for (int i = 0; i < vocab.size(); i++) if (!vocab.get(i).equals("<eos>")) lines.add(vocab.get(i));
        Path text = Files.writeString(dir.resolve("train.txt"), String.join(" ", lines.subList(0, vocab.indexOf("<eos>"))) + "\n"
                + String.join(" ", lines.subList(vocab.indexOf("<eos>"), lines.size())) + "\n");
        var options = new TorchImport.Options(FIXTURES.resolve("lstm1-untied.state_dict.zip.pt"), null, text, "<unk>", "<eos>");
        assertTrue(maxDifference(TorchImport.load(options), reference().get("lstm1-untied")) < 1e-3);
    }

    @Test
    void unsupportedOrBrokenInputsGiveOneLineErrors() throws Exception {
        assertEquals("only LSTM models can be imported; this one's rnn is a torch.nn.modules.rnn.GRU: " + FIXTURES.resolve("gru.module.zip.pt"),
                assertThrows(LmkitException.class, () -> TorchImport.load(options(FIXTURES.resolve("gru.module.zip.pt")))).getMessage());
        Path shortVocab = Files.write(dir.resolve("vocab.txt"), Files.readAllLines(FIXTURES.resolve("vocab.txt")).subList(0, 20));
        assertEquals("the vocabulary has 20 tokens but the model's embedding has 30 rows: " + shortVocab, assertThrows(LmkitException.class,
                () -> TorchImport.load(new TorchImport.Options(FIXTURES.resolve("lstm1-untied.state_dict.zip.pt"), shortVocab, null, "<unk>", "<eos>")))
                .getMessage());
        for (String form : FORMS) {
            byte[] whole = Files.readAllBytes(FIXTURES.resolve("lstm2-untied." + form + ".pt"));
            Path truncated = Files.write(dir.resolve("truncated." + form + ".pt"), Arrays.copyOf(whole, whole.length * 2 / 3));
            var e = assertThrows(LmkitException.class, () -> TorchImport.load(options(truncated)));
            assertTrue(e.getMessage().startsWith("not a readable PyTorch file") && e.getMessage().endsWith(truncated.toString()), e.getMessage());
        }
        Path text = Files.writeString(dir.resolve("notes.pt"), "not a checkpoint\n");
        assertTrue(assertThrows(LmkitException.class, () -> TorchImport.load(options(text))).getMessage().startsWith("not a readable PyTorch file"));
        Path noUnk = Files.write(dir.resolve("nounk.txt"), Files.readAllLines(FIXTURES.resolve("vocab.txt")).stream()
                .map(w -> w.equals("<unk>") ? "UNKNOWN" : w).toList());
        assertEquals("the vocabulary has no <unk> (name its unknown-word token with --unk): " + noUnk, assertThrows(LmkitException.class,
                () -> TorchImport.load(new TorchImport.Options(FIXTURES.resolve("lstm1-tied.module.zip.pt"), noUnk, null, "<unk>", "<eos>"))).getMessage());
        assertTrue(maxDifference(TorchImport.load(new TorchImport.Options(FIXTURES.resolve("lstm1-tied.module.zip.pt"), noUnk, null, "UNKNOWN", "<eos>")),
                reference().get("lstm1-tied")) < 1e-3, "--unk names another spelling");
    }
}
