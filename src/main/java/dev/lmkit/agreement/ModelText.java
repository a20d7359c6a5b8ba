package dev.lmkit.agreement;

import dev.lmkit.corpus.CharTokenizer;
import dev.lmkit.corpus.PtbWordTokenizer;
import dev.lmkit.corpus.Tokenizer;
import dev.lmkit.corpus.Vocabulary;
import dev.lmkit.eval.Scorer;
import dev.lmkit.model.ModelBundle;

import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark text as a given model sees it. Benchmarks are raw text, so word models read it through
 * CoreNLP's PTB tokenizer (what pre-tokenized corpora such as PTB were made with), lowercased when
 * the model's vocabulary has no upper-case word; character models read code points. All scoring goes
 * through the shared {@link Scorer}.
 */
public final class ModelText {
    private static final int BATCH = 64;
    private final ModelBundle bundle;
    private final Tokenizer tokenizer;
    private final int lineEnd;

    public ModelText(ModelBundle bundle) {
        this.bundle = bundle;
        boolean chars = "char".equals(bundle.config().data().mode());
        boolean lower = bundle.config().data().lowercase()
                || bundle.vocab().tokens().stream().noneMatch(t -> !t.startsWith("<") && !t.equals(t.toLowerCase()));
        this.tokenizer = chars ? new CharTokenizer(bundle.config().data().lowercase()) : new PtbWordTokenizer(lower);
        this.lineEnd = bundle.vocab().id(bundle.tokenizer().lineEnd());
    }

    public boolean charModel() {
        return tokenizer instanceof CharTokenizer;
    }

    /** The tokens of a piece of text, without the line end. */
    public List<String> tokens(String text) {
        List<String> tokens = tokenizer.tokenize(text);
        tokens.remove(tokens.size() - 1);
        return tokens;
    }

    /** The tokens of a whole sentence, line end included. */
    public List<String> sentence(String text) {
        List<String> tokens = new ArrayList<>(tokens(text));
        tokens.add(bundle.tokenizer().lineEnd());
        return tokens;
    }

    public String lineEndToken() {
        return bundle.tokenizer().lineEnd();
    }

    public boolean unknown(String token) {
        return bundle.vocab().id(token) == bundle.vocab().unkId();
    }

    public int id(String token) {
        return bundle.vocab().id(token);
    }

    /** Per-token surprisal (bits) of each token list, each from a fresh state after the line end. */
    public List<double[]> surprisals(List<List<String>> texts) {
        List<int[]> ids = new ArrayList<>(texts.size());
        for (List<String> t : texts) ids.add(t.stream().mapToInt(this::id).toArray());
        return Scorer.surprisals(bundle.net(), ids, lineEnd, BATCH);
    }

    /** Surprisal with the hidden state carried from each sentence into the next, as one running text. */
    public List<double[]> carriedSurprisals(List<List<String>> sentences, List<int[]> alternatives) {
        List<int[]> ids = new ArrayList<>(sentences.size());
        for (List<String> t : sentences) ids.add(t.stream().mapToInt(this::id).toArray());
        return Scorer.carriedSurprisals(bundle.net(), ids, lineEnd, alternatives);
    }

    public static double sum(double[] values) {
        double s = 0;
        for (double v : values) s += v;
        return s;
    }
}
