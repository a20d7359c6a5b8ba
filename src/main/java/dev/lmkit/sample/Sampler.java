package dev.lmkit.sample;

import dev.lmkit.corpus.IdArrays;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.model.ModelText;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Stateful generation ({@link NextTokens}: the network's stored state moves on): the prime (after a line-end context) is fed once,
 * then one token at a time. {@code count} samples run side by side as one batch. The same seed
 * gives the same text.
 */
public final class Sampler {

    public record Options(String prime, int length, double temperature, int topK, double topP, long seed, int count) {
        public Options {
            if (length < 0 || count < 1) throw new IllegalArgumentException("length must be >= 0 and count >= 1");
        }
    }

    private Sampler() {
    }

    /** The prime's tokens that are not in the model's vocabulary (the model reads them as {@code <unk>}). */
    public static List<String> unknownInPrime(ModelBundle bundle, String prime) {
        List<String> unknown = new ArrayList<>();
        for (String token : bundle.text().tokens(prime)) {
            if (bundle.vocab().unseen(token, bundle.vocab().id(token)) && !unknown.contains(token)) unknown.add(token);
        }
        return unknown;
    }

    /** Returns the {@code count} texts (prime included); with one sample, {@code stream} also gets the text piece by piece. */
    public static List<String> sample(ModelBundle bundle, Options o, Consumer<String> stream) {
        MultiLayerNetwork net = bundle.net();
        ModelText text = bundle.text();
        List<String> primeTokens = text.tokens(o.prime()); // the prime continues; it does not end a line
        List<String> context = text.afterLineEnd(primeTokens);
        SplittableRandom random = new SplittableRandom(o.seed());
        List<List<String>> texts = new ArrayList<>();
        for (int c = 0; c < o.count(); c++) texts.add(new ArrayList<>(primeTokens));
        StreamedText streamed = new StreamedText(text, stream, o.count() == 1);
        streamed.update(texts.get(0));

        net.rnnClearPreviousState();
        float[] input = new float[o.count() * context.size()];
        for (int c = 0; c < o.count(); c++) {
            for (int t = 0; t < context.size(); t++) input[c * context.size() + t] = bundle.vocab().id(context.get(t));
        }
        NextTokens draws = NextTokens.of(bundle, o, random);
        int[] next = null;
        for (int i = 0; i < o.length(); i++) {
            next = i == 0 ? draws.afterContext(IdArrays.of(input, o.count(), context.size())) : draws.after(next);
            for (int c = 0; c < o.count(); c++) texts.get(c).add(bundle.vocab().token(next[c]));
            streamed.update(texts.get(0));
        }
        net.rnnClearPreviousState();
        List<String> out = new ArrayList<>();
        for (List<String> tokens : texts) out.add(text.detokenize(tokens));
        streamed.finish(out.get(0));
        return out;
    }

    /** Emits only the new, settled part of the detokenized text as tokens arrive. */
    private static final class StreamedText {
        private final ModelText text;
        private final Consumer<String> out;
        private final boolean enabled;
        private String shown = "";

        StreamedText(ModelText text, Consumer<String> out, boolean enabled) {
            this.text = text;
            this.out = out;
            this.enabled = enabled && out != null;
        }

        void update(List<String> tokens) {
            if (enabled) show(text.detokenize(tokens));
        }

        void finish(String text) {
            if (enabled) show(text);
        }

        private void show(String text) {
            if (text.startsWith(shown) && text.length() > shown.length()) {
                out.accept(text.substring(shown.length()));
                shown = text;
            }
        }
    }

    /**
     * The period of the cycle {@code text} ends in — its last {@code 3·p} characters repeat every {@code p}, for the
     * shortest such {@code p} up to 200 — or 0. Greedy decoding ({@code --temperature 0}) of an LSTM often falls into one.
     */
    public static int cyclePeriod(String text) {
        for (int p = 1; p <= 200 && 3 * p <= text.length(); p++) {
            int n = text.length();
            boolean cycle = true;
            for (int i = n - 2 * p; i < n && cycle; i++) cycle = text.charAt(i) == text.charAt(i - p);
            if (cycle && text.substring(n - 3 * p, n - 2 * p).equals(text.substring(n - p)) && !text.substring(n - p).isBlank()) return p;
        }
        return 0;
    }
}
