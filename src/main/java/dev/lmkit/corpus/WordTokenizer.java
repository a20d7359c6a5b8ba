package dev.lmkit.corpus;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;
import java.util.function.UnaryOperator;

/** Word tokenizers: the words of a line (lowercased if asked), then {@code <eos>}; output joined back line by line. */
abstract class WordTokenizer implements Tokenizer {
    private final boolean lowercase;

    WordTokenizer(boolean lowercase) {
        this.lowercase = lowercase;
    }

    /** The words of one line as the tokenizer splits it, each with the offset in {@code line} where it begins. */
    abstract void words(String line, ObjIntConsumer<String> out);

    /** One line of joined words made readable. */
    abstract String finishLine(String joined);

    @Override
    public final void tokenize(String line, Consumer<String> out) {
        words(line, (word, begin) -> out.accept(lowercase ? word.toLowerCase(Locale.ROOT) : word));
        out.accept(Vocabulary.EOS);
    }

    @Override
    public final int[] wordIndex(String line) {
        List<Integer> starts = new java.util.ArrayList<>(); // where each whitespace-separated word begins
        for (int i = 0; i < line.length(); i++) {
            if (!Character.isWhitespace(line.charAt(i)) && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) starts.add(i);
        }
        List<Integer> index = new java.util.ArrayList<>();
        words(line, (word, begin) -> {
            int w = 0;
            while (w + 1 < starts.size() && starts.get(w + 1) <= begin) w++;
            index.add(w);
        });
        index.add(starts.size());
        return index.stream().mapToInt(Integer::intValue).toArray();
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
