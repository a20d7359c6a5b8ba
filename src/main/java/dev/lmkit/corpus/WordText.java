package dev.lmkit.corpus;

import java.util.List;
import java.util.function.UnaryOperator;

/** Joins word tokens into lines: {@code <eos>} becomes a newline, each line passed through {@code finish}. */
final class WordText {
    private WordText() {
    }

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
