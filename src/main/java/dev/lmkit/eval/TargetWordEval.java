package dev.lmkit.eval;

import dev.lmkit.model.ModelBundle;
import dev.lmkit.corpus.Tokenizer;

import java.util.*;

/**
 * Target-word agreement (Linzen et al. 2016): an item is correct when the model gives the correct
 * form a higher probability than the wrong form after the same prefix. Both continuations go through
 * the shared {@link Scorer}; since the prefix is the same, comparing the summed surprisal of the two
 * texts compares the two target words, also for character models where a word is several tokens.
 */
public final class TargetWordEval {

    public record Item(String prefix, String correct, String wrong, String group) {
    }

    public record Accuracy(long correct, long n) {
        public double value() {
            return n == 0 ? Double.NaN : (double) correct / n;
        }
    }

    private TargetWordEval() {
    }

    /** Accuracy per group, in group order. */
    public static SortedMap<String, Accuracy> score(ModelBundle bundle, List<Item> items) {
        Tokenizer tokenizer = bundle.tokenizer();
        List<int[]> texts = new ArrayList<>();
        for (Item item : items) {
            texts.add(encode(bundle, tokenizer, item.prefix() + " " + item.correct()));
            texts.add(encode(bundle, tokenizer, item.prefix() + " " + item.wrong()));
        }
        int context = bundle.vocab().id(tokenizer.lineEnd());
        List<double[]> bits = Scorer.surprisals(bundle.net(), texts, context, 64);
        SortedMap<String, long[]> counts = new TreeMap<>();
        for (int i = 0; i < items.size(); i++) {
            boolean right = sum(bits.get(2 * i)) < sum(bits.get(2 * i + 1));
            long[] c = counts.computeIfAbsent(items.get(i).group(), g -> new long[2]);
            c[0] += right ? 1 : 0;
            c[1]++;
        }
        SortedMap<String, Accuracy> out = new TreeMap<>();
        counts.forEach((g, c) -> out.put(g, new Accuracy(c[0], c[1])));
        return out;
    }

    private static int[] encode(ModelBundle bundle, Tokenizer tokenizer, String text) {
        List<String> tokens = tokenizer.tokenize(text);
        tokens.remove(tokens.size() - 1); // the continuation is judged before the line ends
        return tokens.stream().mapToInt(bundle.vocab()::id).toArray();
    }

    static double sum(double[] values) {
        double s = 0;
        for (double v : values) s += v;
        return s;
    }
}
