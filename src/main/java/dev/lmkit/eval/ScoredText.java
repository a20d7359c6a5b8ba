package dev.lmkit.eval;

import java.util.Arrays;
import java.util.List;

/**
 * Tokens as a model read them, each with its surprisal in bits and whether the model knew it
 * ({@code unknown[i]}: the token is not in the vocabulary and was scored as {@code <unk>}).
 */
public record ScoredText(List<String> tokens, double[] surprisals, boolean[] unknown) {

    public ScoredText {
        if (tokens.size() != surprisals.length || tokens.size() != unknown.length) {
            throw new IllegalArgumentException("tokens, surprisals and unknown flags differ in length");
        }
        tokens = List.copyOf(tokens);
    }

    public int size() {
        return tokens.size();
    }

    /** Summed surprisal in bits: -log2 P(text). */
    public double sum() {
        double s = 0;
        for (double v : surprisals) s += v;
        return s;
    }

    /** Mean surprisal per token in bits (NaN for no tokens). */
    public double mean() {
        return surprisals.length == 0 ? Double.NaN : sum() / surprisals.length;
    }

    public int unknownCount() {
        int n = 0;
        for (boolean u : unknown) n += u ? 1 : 0;
        return n;
    }

    public boolean anyUnknown(int from, int to) {
        for (int i = from; i < to; i++) if (unknown[i]) return true;
        return false;
    }

    /** Tokens {@code from}..{@code to} (exclusive), their surprisals still those of the whole text. */
    public ScoredText slice(int from, int to) {
        return new ScoredText(tokens.subList(from, to), Arrays.copyOfRange(surprisals, from, to), Arrays.copyOfRange(unknown, from, to));
    }
}
