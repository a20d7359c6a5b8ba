package dev.lmkit.corpus;

import dev.lmkit.config.DataConfig;
import java.util.List;
import java.util.function.Consumer;

/** Turns one line of text into tokens, and model output back into text. */
public interface Tokenizer {

    /** Emits the tokens of one line, including the end-of-line symbol ({@code <eos>} or newline). */
    void tokenize(String line, Consumer<String> out);

    /** The symbol that ends a line; also the context a sentence is scored from. */
    String lineEnd();

    /** Readable text for a token sequence (joined words, or concatenated characters). */
    String detokenize(List<String> tokens);

    default List<String> tokenize(String line) {
        List<String> tokens = new java.util.ArrayList<>();
        tokenize(line, tokens::add);
        return tokens;
    }

    static Tokenizer of(DataConfig.Mode mode, DataConfig.Tokenization wordTokenizer, boolean lowercase) {
        if (mode == DataConfig.Mode.CHAR) return new CharTokenizer(lowercase);
        return wordTokenizer == DataConfig.Tokenization.PTB ? new PtbWordTokenizer(lowercase) : new WhitespaceTokenizer(lowercase);
    }
}
