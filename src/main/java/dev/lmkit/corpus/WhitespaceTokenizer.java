package dev.lmkit.corpus;

import java.util.function.Consumer;

/** Pre-tokenized text as PTB and WikiText are distributed: split on whitespace, {@code <eos>} per line. */
public final class WhitespaceTokenizer extends WordTokenizer {

    public WhitespaceTokenizer(boolean lowercase) {
        super(lowercase);
    }

    @Override
    void words(String line, Consumer<String> out) {
        for (String token : line.trim().split("\\s+")) {
            if (!token.isEmpty()) out.accept(token);
        }
    }

    @Override
    String finishLine(String joined) {
        return joined;
    }
}
