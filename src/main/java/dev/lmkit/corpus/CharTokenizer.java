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
    public int[] wordIndex(String line) {
        String text = lowercase ? line.toLowerCase(Locale.ROOT) : line;
        int[] cps = text.codePoints().toArray();
        int[] index = new int[cps.length + 1];
        int word = 0;
        boolean seen = false, space = false;
        for (int i = 0; i < cps.length; i++) {
            if (Character.isWhitespace(cps[i])) {
                space = true;
            } else {
                if (seen && space) word++;
                seen = true;
                space = false;
            }
            index[i] = word;
        }
        index[cps.length] = seen ? word + 1 : 0;
        return index;
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
