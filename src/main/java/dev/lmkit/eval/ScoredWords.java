package dev.lmkit.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Surprisal per whitespace-separated word, as psycholinguists align it with reading times: the sum of the surprisals
 * (bits) of the tokens a word was read as — the pieces of a word split by the tokenizer ("do" "n't"), or a character
 * model's characters with the space after them. {@code pieces[i]}: how many tokens word {@code i} has;
 * {@code unknown[i]}: one of them was not in the vocabulary. A sentence's line end, when scored, is a word of its own.
 */
public record ScoredWords(List<String> words, double[] surprisals, int[] pieces, boolean[] unknown) {

    public ScoredWords {
        if (words.size() != surprisals.length || words.size() != pieces.length || words.size() != unknown.length) {
            throw new IllegalArgumentException("words, surprisals, pieces and unknown flags differ in length");
        }
        words = List.copyOf(words);
    }

    /**
     * Groups {@code tokens} by {@code wordIndex} (one index per token, non-decreasing) into {@code words}; an index of
     * {@code words.size()} is the line end, named by its token.
     */
    public static ScoredWords of(ScoredText tokens, int[] wordIndex, List<String> words) {
        if (wordIndex.length != tokens.size()) {
            throw new IllegalArgumentException(tokens.size() + " tokens but " + wordIndex.length + " word indices");
        }
        List<String> names = new ArrayList<>(words);
        for (int i = 0; i < wordIndex.length; i++) {
            if (wordIndex[i] == names.size() && wordIndex[i] == words.size()) names.add(tokens.tokens().get(i));
            else if (wordIndex[i] > names.size() || wordIndex[i] < 0) throw new IllegalArgumentException("word index " + wordIndex[i] + " of " + words.size() + " words");
        }
        double[] surprisal = new double[names.size()];
        int[] pieces = new int[names.size()];
        boolean[] unknown = new boolean[names.size()];
        for (int i = 0; i < wordIndex.length; i++) {
            surprisal[wordIndex[i]] += tokens.surprisals()[i];
            pieces[wordIndex[i]]++;
            unknown[wordIndex[i]] |= tokens.unknown()[i];
        }
        return new ScoredWords(names, surprisal, pieces, unknown);
    }

    public int size() {
        return words.size();
    }

    /** Summed surprisal in bits: the same as the tokens'. */
    public double sum() {
        double s = 0;
        for (double v : surprisals) s += v;
        return s;
    }
}
