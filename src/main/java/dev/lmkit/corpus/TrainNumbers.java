package dev.lmkit.corpus;

import dev.lmkit.config.DataConfig;
import dev.lmkit.LmkitException;
import dev.lmkit.config.LmConfig;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The targets of the number objective ({@code train.number_loss}) lined up with a corpus's training ids: 0 singular,
 * 1 plural, −1 none. They are read from {@code data.train_numbers}, which {@code ./lmkit corpus numbers} writes with
 * {@code data.train}'s lines and one symbol ({@code s}, {@code p}, {@code -}) per token; every {@code <eos>} and every
 * token of a {@code train_extra} text has none.
 */
public final class TrainNumbers {
    private TrainNumbers() {
    }

    /** The targets of the training ids that {@link Corpus#load} gave as {@code corpus} for {@code data}; a word's pieces ({@code tokenizer: bpe}) share its target. */
    public static int[] load(DataConfig data, Corpus corpus) {
        return load(data, corpus.train().length(), corpus.tokenizer() instanceof SubwordTokenizer t ? t.subwords() : null);
    }

    static int[] load(DataConfig data, int trainLength, Subwords subwords) {
        String file = data.trainNumbers();
        if (file == null || file.isEmpty()) {
            throw new LmkitException("train.number_loss needs data.train_numbers, the targets file of " + data.train()
                    + " (write it with ./lmkit corpus numbers " + data.train() + ")");
        }
        if (data.mode() != DataConfig.Mode.WORD || data.tokenizer() == DataConfig.Tokenization.PTB) {
            throw new LmkitException("data.train_numbers needs mode: word and tokenizer: whitespace or bpe (its symbols follow the corpus's whitespace-separated words)");
        }
        List<String> corpus = CorpusReader.lines(Path.of(data.train()));
        List<String> numbers = CorpusReader.lines(Path.of(file), "number targets");
        if (numbers.size() != corpus.size()) {
            throw new LmkitException("number targets " + file + " have " + numbers.size() + " lines, the corpus " + data.train()
                    + " has " + corpus.size() + " (write them again with ./lmkit corpus numbers)");
        }
        Tokenizer tokenizer = new WhitespaceTokenizer(data.lowercase()); // the corpus's words, as Corpus.load reads them
        int[] out = new int[trainLength];
        Arrays.fill(out, -1);
        int at = 0;
        for (int line = 0; line < Corpus.trainLinesKept(corpus.size(), data); line++) {
            List<String> words = tokenizer.tokenize(corpus.get(line));
            words.remove(words.size() - 1); // <eos>
            String trimmed = numbers.get(line).trim();
            String[] symbols = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
            if (words.size() != symbols.length) {
                throw new LmkitException("number targets " + file + " line " + (line + 1) + " has " + symbols.length
                        + " symbols for " + words.size() + " tokens of " + data.train());
            }
            for (int w = 0; w < symbols.length; w++) {
                int target = target(symbols[w], file, line);
                int pieces = subwords == null ? 1 : subwords.encode(words.get(w)).size();
                if (at + pieces + 1 > trainLength) throw new LmkitException("number targets " + file + " are longer than the training text");
                for (int k = 0; k < pieces; k++) out[at++] = target;
            }
            at++; // <eos>
        }
        return out;
    }

    private static int target(String symbol, String file, int line) {
        return switch (symbol) {
            case "s" -> 0;
            case "p" -> 1;
            case "-" -> -1;
            default -> throw new LmkitException("number targets " + file + " line " + (line + 1) + ": '" + symbol + "' is not s, p or -");
        };
    }
}
