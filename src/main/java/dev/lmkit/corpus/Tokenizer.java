package dev.lmkit.corpus;

import dev.lmkit.config.DataConfig;
import java.util.List;
import java.util.function.Consumer;

/** Turns one line of text into tokens, and model output back into text. */
public interface Tokenizer {

    /** Emits the tokens of one line, including the end-of-line symbol ({@code <eos>} or newline). */
    void tokenize(String line, Consumer<String> out);

    /**
     * For each token of {@link #tokenize} (line end included), the index of the whitespace-separated word of {@code line}
     * it comes from: a word split into pieces ("do" "n't") gives each piece its index; a character model's space belongs
     * to the word before it (leading spaces to the first word); the line end gets the number of words.
     */
    int[] wordIndex(String line);

    /** The whitespace-separated words of a line, as written. */
    static List<String> words(String line) {
        List<String> words = new java.util.ArrayList<>();
        int i = 0, n = line.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) i++;
            int begin = i;
            while (i < n && !Character.isWhitespace(line.charAt(i))) i++;
            if (i > begin) words.add(line.substring(begin, i));
        }
        return words;
    }

    /** The symbol that ends a line; also the context a sentence is scored from. */
    String lineEnd();

    /** Readable text for a token sequence (joined words, or concatenated characters). */
    String detokenize(List<String> tokens);

    default List<String> tokenize(String line) {
        List<String> tokens = new java.util.ArrayList<>();
        tokenize(line, tokens::add);
        return tokens;
    }

    /** The tokenizer of a mode and word tokenizer; {@code bpe} needs its learned pieces ({@link SubwordTokenizer}), not this. */
    static Tokenizer of(DataConfig.Mode mode, DataConfig.Tokenization wordTokenizer, boolean lowercase) {
        if (mode == DataConfig.Mode.CHAR) return new CharTokenizer(lowercase);
        if (wordTokenizer == DataConfig.Tokenization.BPE) throw new IllegalStateException("tokenizer: bpe needs the pieces learned from the training text");
        return wordTokenizer == DataConfig.Tokenization.PTB ? new PtbWordTokenizer(lowercase) : new WhitespaceTokenizer(lowercase);
    }
}
