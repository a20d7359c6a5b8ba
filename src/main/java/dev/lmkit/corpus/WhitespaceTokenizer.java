package dev.lmkit.corpus;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** Pre-tokenized text as PTB and WikiText are distributed: split on whitespace, {@code <eos>} per line. */
public final class WhitespaceTokenizer implements Tokenizer {
    private final boolean lowercase;

    public WhitespaceTokenizer(boolean lowercase) {
        this.lowercase = lowercase;
    }

    @Override
    public void tokenize(String line, Consumer<String> out) {
        String text = lowercase ? line.toLowerCase(Locale.ROOT) : line;
        for (String token : text.trim().split("\\s+")) {
            if (!token.isEmpty()) out.accept(token);
        }
        out.accept(Vocabulary.EOS);
    }

    @Override
    public String lineEnd() {
        return Vocabulary.EOS;
    }

    @Override
    public String detokenize(List<String> tokens) {
        return WordText.join(tokens, line -> line);
    }
}
