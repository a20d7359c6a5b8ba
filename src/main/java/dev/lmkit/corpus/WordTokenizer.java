package dev.lmkit.corpus;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** Word tokenizers: the words of a line (lowercased if asked), then {@code <eos>}; output joined back line by line. */
abstract class WordTokenizer implements Tokenizer {
    private final boolean lowercase;

    WordTokenizer(boolean lowercase) {
        this.lowercase = lowercase;
    }

    /** The words of one line as the tokenizer splits it. */
    abstract void words(String line, Consumer<String> out);

    /** One line of joined words made readable. */
    abstract String finishLine(String joined);

    @Override
    public final void tokenize(String line, Consumer<String> out) {
        words(line, word -> out.accept(lowercase ? word.toLowerCase(Locale.ROOT) : word));
        out.accept(Vocabulary.EOS);
    }

    @Override
    public final String lineEnd() {
        return Vocabulary.EOS;
    }

    @Override
    public final String detokenize(List<String> tokens) {
        return join(tokens, this::finishLine);
    }

    /** Joins word tokens into lines: {@code <eos>} becomes a newline, each line passed through {@code finish}. */
    static String join(List<String> tokens, UnaryOperator<String> finish) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder();
        for (String token : tokens) {
            if (Vocabulary.EOS.equals(token)) {
                out.append(finish.apply(line.toString())).append('\n');
                line.setLength(0);
            } else {
                if (line.length() > 0) line.append(' ');
                line.append(token);
            }
        }
        if (line.length() > 0) out.append(finish.apply(line.toString()));
        return out.toString();
    }
}
