package dev.lmkit.api;

import dev.lmkit.eval.ScoredWords;
import dev.lmkit.agreement.Comparison;
import dev.lmkit.agreement.Suite;
import dev.lmkit.agreement.SuiteReader;
import dev.lmkit.agreement.SuiteSummary;
import dev.lmkit.eval.Nll;
import dev.lmkit.eval.ScoredText;
import dev.lmkit.eval.Scorer;
import dev.lmkit.inspect.Ablation;
import dev.lmkit.inspect.LstmTrace;
import dev.lmkit.inspect.Probe;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.sample.Sampler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained model, for use from Java code and notebooks: sample, score, run agreement suites and
 * look inside the LSTM. Every method goes through the same code as the matching CLI command, and all
 * text through the model's one text path ({@link dev.lmkit.model.ModelText}).
 *
 * <pre>{@code
 * LanguageModel lm = LanguageModel.load(Path.of("runs/quickstart"));
 * lm.sample("the keys to the cabinet", 10, 0.8, 1);
 * ScoredText s = lm.surprisals("The keys to the cabinet are red.");
 * s.tokens(); s.surprisals(); s.sum();
 * lm.continuation("The keys to the cabinet", "are").sum();
 * }</pre>
 */
public final class LanguageModel {
    private static final int BATCH = 64;
    private final ModelBundle bundle;

    public LanguageModel(ModelBundle bundle) {
        this.bundle = bundle;
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

    /** Perplexity of corpus text read as the model's training data was (its tokenizer; state carried across lines). */
    public Nll nll(List<String> lines) {
        var encoded = bundle.text().encodeCorpus(lines);
        return Scorer.textNll(bundle.net(), encoded.ids(), bundle.config().train().evalBatch(), bundle.config().train().bptt());
    }

    /** Each raw sentence's tokens with their surprisal in bits (line end included), each from a fresh state: what {@code ./lmkit score} prints. */
    public List<ScoredText> surprisals(List<String> sentences) {
        return Scorer.sentences(bundle, sentences, BATCH);
    }

    public ScoredText surprisals(String sentence) {
        return surprisals(List.of(sentence)).get(0);
    }

    /** Surprisal per whitespace-separated word (the sum of its tokens'; the line end a word of its own): {@code ./lmkit score --words}. */
    public List<ScoredWords> wordSurprisals(List<String> sentences) {
        return Scorer.sentenceWords(bundle, sentences, BATCH);
    }

    /** Only {@code continuation}'s tokens, read after {@code prefix} from a fresh state: {@code ./lmkit score --prefix}. */
    public ScoredText continuation(String prefix, String continuation) {
        return Scorer.continuations(bundle, List.of(prefix), List.of(continuation), BATCH).get(0);
    }

    /** Scores every suite in a file or directory (BLiMP JSONL, minimal-pair TSV, target-word, SyntaxGym JSON). */
    public List<SuiteSummary> agreement(Path suite) {
        List<SuiteSummary> out = new ArrayList<>();
        for (Suite s : SuiteReader.read(suite, null, false)) out.add(SuiteSummary.of(s, s.score(bundle), false));
        return out;
    }

    /** Diagnostic classifiers for the subject's number on a suite that says where the subject is: {@code ./lmkit probe}. */
    public Probe probe(Path suite, long seed) {
        return Probe.run(bundle, SuiteReader.read(suite, null, false), seed);
    }

    /** Accuracy over a suite with units silenced while the model reads ({@code ./lmkit ablate --units}); the model is unchanged. */
    public Ablation.Accuracy ablate(Path suite, List<Ablation.Unit> units) {
        return Ablation.accuracy(bundle, SuiteReader.read(suite, null, false), units);
    }

    /** Each unit of {@code layer} (from 1) silenced alone ({@code ./lmkit ablate --scan}). */
    public Ablation.Scan scan(Path suite, int layer) {
        return Ablation.scan(bundle, SuiteReader.read(suite, null, false), layer, null);
    }

    /** Several models side by side on the same suites ({@code ./lmkit agreement compare}), named by {@code names}. */
    public static Comparison compare(List<String> names, List<LanguageModel> models, Path suite) {
        return Comparison.score(names, models.size(), m -> models.get(m).bundle, SuiteReader.read(suite, null, false));
    }

    /**
     * Gate activations, cell states and outputs of every LSTM layer while reading {@code sentence},
     * from a fresh state after the line-end token, as sentences are scored (the trace starts with it).
     */
    public LstmTrace trace(String sentence) {
        return LstmTrace.of(bundle, bundle.text().afterLineEnd(bundle.text().tokens(sentence)));
    }
}
