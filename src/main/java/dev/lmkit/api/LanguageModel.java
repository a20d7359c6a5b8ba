package dev.lmkit.api;

import dev.lmkit.agreement.ModelText;
import dev.lmkit.agreement.Suite;
import dev.lmkit.agreement.SuiteReader;
import dev.lmkit.agreement.SuiteSummary;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.eval.Nll;
import dev.lmkit.eval.Scorer;
import dev.lmkit.model.LstmTrace;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.sample.Sampler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained model, for use from Java code and notebooks: sample, score, run agreement suites and
 * look inside the LSTM. Every method goes through the same code as the matching CLI command.
 *
 * <pre>{@code
 * LanguageModel lm = LanguageModel.load(Path.of("runs/quickstart"));
 * lm.sample("the keys to the cabinet", 10, 0.8, 1);
 * lm.surprisals(List.of("the keys are red", "the keys is red"));
 * }</pre>
 */
public final class LanguageModel {
    private final ModelBundle bundle;
    private final ModelText text;

    public LanguageModel(ModelBundle bundle) {
        this.bundle = bundle;
        this.text = new ModelText(bundle);
    }

    /** A run directory (its best model) or a model .zip. */
    public static LanguageModel load(Path path) {
        return new LanguageModel(ModelBundle.load(path));
    }

    public ModelBundle bundle() {
        return bundle;
    }

    /** {@code count} samples drawn side by side as one batch, prime included; the same seed gives the same texts. */
    public List<String> sample(String prime, int length, double temperature, long seed, int count) {
        return Sampler.sample(bundle, new Sampler.Options(prime, length, temperature, 0, 1.0, seed, count), null);
    }

    public String sample(String prime, int length, double temperature, long seed) {
        return sample(prime, length, temperature, seed, 1).get(0);
    }

    /** Perplexity of a text read as the model's training data was (state carried across lines). */
    public Nll nll(List<String> lines) {
        var encoded = Corpus.encode(Corpus.tokenize(lines, bundle.tokenizer()), bundle.vocab());
        return Scorer.textNll(bundle.net(), encoded.ids(), bundle.config().train().evalBatch(), bundle.config().train().bptt());
    }

    /** Per-token surprisal in bits of each sentence (line end included), each from a fresh state. */
    public List<double[]> surprisals(List<String> sentences) {
        List<List<String>> tokens = new ArrayList<>();
        for (String s : sentences) tokens.add(text.sentence(s));
        return text.surprisals(tokens);
    }

    /** Scores every suite in a file or directory (BLiMP JSONL, minimal-pair TSV, target-word, SyntaxGym JSON). */
    public List<SuiteSummary> agreement(Path suite) {
        List<SuiteSummary> out = new ArrayList<>();
        for (Suite s : SuiteReader.read(suite, null, false)) out.add(SuiteSummary.of(s, s.score(text), false));
        return out;
    }

    /**
     * Gate activations, cell states and outputs of every LSTM layer while reading {@code sentence},
     * from a fresh state after the line-end token, as sentences are scored (the trace starts with it).
     */
    public LstmTrace trace(String sentence) {
        List<String> tokens = new ArrayList<>(List.of(text.lineEndToken()));
        tokens.addAll(text.tokens(sentence));
        return LstmTrace.of(bundle, tokens);
    }
}
