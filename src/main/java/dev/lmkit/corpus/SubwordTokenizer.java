package dev.lmkit.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A word tokenizer's words cut into {@link Subwords} pieces: every word of every text has pieces in the vocabulary, so
 * nothing is {@code <unk>}. The pieces of a word keep its word index ({@link #wordIndex}), so per-word surprisal is
 * the sum of its pieces' and {@link #detokenize} gives the words back.
 */
public final class SubwordTokenizer implements Tokenizer {
    private final Tokenizer words;
    private final Subwords subwords;

    public SubwordTokenizer(Tokenizer words, Subwords subwords) {
        this.words = words;
        this.subwords = subwords;
    }

    public Subwords subwords() {
        return subwords;
    }

    @Override
    public void tokenize(String line, Consumer<String> out) {
        words.tokenize(line, word -> {
            if (word.equals(words.lineEnd())) out.accept(word);
            else for (String piece : subwords.encode(word)) out.accept(piece);
        });
    }

    @Override
    public int[] wordIndex(String line) {
        List<String> wordTokens = words.tokenize(line);
        int[] wordIndex = words.wordIndex(line);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < wordTokens.size(); i++) {
            int pieces = i == wordTokens.size() - 1 ? 1 : subwords.encode(wordTokens.get(i)).size(); // the line end is one token
            for (int k = 0; k < pieces; k++) out.add(wordIndex[i]);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String lineEnd() {
        return words.lineEnd();
    }

    @Override
    public String detokenize(List<String> tokens) {
        List<String> joined = new ArrayList<>();
        List<String> word = new ArrayList<>();
        for (String t : tokens) {
            if (t.equals(words.lineEnd())) {
                joined.addAll(Subwords.words(word));
                word.clear();
                joined.add(t);
            } else {
                word.add(t);
            }
        }
        joined.addAll(Subwords.words(word));
        return words.detokenize(joined);
    }
}
