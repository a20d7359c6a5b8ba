package dev.lmkit.corpus;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** Unicode code points (not bytes, not UTF-16 units); newline is a symbol of its own. */
public final class CharTokenizer implements Tokenizer {
    private final boolean lowercase;

    public CharTokenizer(boolean lowercase) {
        this.lowercase = lowercase;
    }

    @Override
    public void tokenize(String line, Consumer<String> out) {
        String text = lowercase ? line.toLowerCase(Locale.ROOT) : line;
        text.codePoints().forEach(cp -> out.accept(new String(Character.toChars(cp))));
        out.accept("\n");
    }

    @Override
    public String lineEnd() {
        return "\n";
    }

    @Override
    public String detokenize(List<String> tokens) {
        return String.join("", tokens);
    }
}
