package dev.lmkit.config;

import dev.lmkit.LmkitException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code train --text FILE [--minutes N] [--level L]}: a config chosen for one text and a wall-time budget, with the
 * reasons in words. Character level unless the text has half a million words or more and the budget is ten minutes or more:
 * a word model's vocabulary needs that much text and time (docs/recipes.md, "Starters"). Character models get
 * {@code configs/char-small.yaml}'s network (one layer of 256) for short budgets and {@code configs/char-shakespeare.yaml}'s
 * (two layers of 512) for 20 minutes or more on a megabyte or more; word models get {@code configs/word-small.yaml}'s.
 */
public final class Starter {
    /** The chosen config and why, one reason per line. */
    public record Choice(LmConfig config, List<String> reasons) {
    }

    /** What {@code --level} may say. */
    public enum Level { AUTO, CHAR, WORD }

    static final long WORD_LEVEL_WORDS = 500_000;
    static final double WORD_LEVEL_MINUTES = 10;
    private static final double LARGE_MINUTES = 20;
    private static final long LARGE_TEXT = 1 << 20;
    /** Above this share of words with punctuation attached ("said," "end."), the text is raw and CoreNLP tokenizes it. */
    private static final double RAW_TEXT_PUNCTUATION = 0.05;

    private Starter() {
    }

    public static Choice forText(Path text, double minutes) {
        return forText(text, minutes, Level.AUTO);
    }

    public static Choice forText(Path text, double minutes, Level level) {
        if (!Files.isRegularFile(text)) throw new LmkitException("--text: no such file: " + text);
        if (!(minutes > 0 && minutes <= 7 * 24 * 60)) throw new LmkitException("--minutes must be in (0, 10080], not " + minutes);
        TextStats stats = TextStats.of(text);
        if (stats.bytes == 0) throw new LmkitException("--text: the file is empty: " + text);
        List<String> why = new ArrayList<>();
        boolean word = switch (level) {
            case WORD -> true;
            case CHAR -> false;
            case AUTO -> stats.words >= WORD_LEVEL_WORDS && minutes >= WORD_LEVEL_MINUTES;
        };
        String size = String.format(Locale.ROOT, "%s of text, %,d words", size(stats.bytes), stats.words);
        if (level != Level.AUTO) why.add((word ? "word" : "character") + " level, as --level says (" + size + ")");
        else if (word) why.add("word level: " + size + " (half a million or more) and " + duration(minutes) + " (ten or more)");
        else why.add("character level: " + size + (stats.words < WORD_LEVEL_WORDS ? "; a word model needs half a million words or more"
                : "; a word model needs " + duration(WORD_LEVEL_MINUTES) + " or more") + " (--level word to insist)");
        Map<String, Object> tree = word ? wordTree(text, minutes, stats, why) : charTree(text, minutes, stats, why);
        why.add("the last 5% of the lines held out for validation");
        return new Choice(new ConfigBinder("--text " + text).bind(tree, LmConfig.class, LmConfig.DEFAULTS, ""), why);
    }

    /** The choice as a config file would write it, bound by the same strict binder. */
    private static Map<String, Object> charTree(Path text, double minutes, TextStats stats, List<String> why) {
        boolean large = minutes >= LARGE_MINUTES && stats.bytes >= LARGE_TEXT;
        why.add(large ? "two LSTM layers of 512 units with dropout 0.1 (configs/char-shakespeare.yaml's network: "
                + String.format(Locale.ROOT, "%s on %s is enough for it)", duration(minutes), size(stats.bytes))
                : "one LSTM layer of 256 units (configs/char-small.yaml's network: in "
                + String.format(Locale.ROOT, "%s a larger one would see the text too few times)", duration(minutes)));
        why.add(String.format(Locale.ROOT, "%s, learning rate 0.002, halved at each epoch start once 60%% of the budget (%s) is spent",
                large ? "AMSGrad (Adam overshoots this network as it leaves its first plateau on a small text)" : "Adam", duration(minutes)));
        return Map.of(
                "data", Map.of("mode", "char", "train", text.toString(), "valid_fraction", 0.05),
                "model", Map.of("embedding", large ? 64 : 32, "hidden", large ? List.of(512, 512) : List.of(256),
                        "init_range", 0.08, "dropout", large ? 0.1 : 0.0),
                "train", Map.of("optimizer", large ? "amsgrad" : "adam", "lr", 0.002, "schedule", "budget", // lr_decay 0.5, budget_decay_start 0.6, clip_norm 5: the defaults
                        "time_budget", seconds(minutes), "batch", 32, "bptt", large ? 100 : 64, "epochs", 1000, "seed", 1));
    }

    private static Map<String, Object> wordTree(Path text, double minutes, TextStats stats, List<String> why) {
        boolean raw = stats.attachedPunctuation() > RAW_TEXT_PUNCTUATION;
        why.add(raw ? String.format(Locale.ROOT, "CoreNLP's PTB tokenizer: %.0f%% of the words carry punctuation (\"end.\"), so the text is raw",
                100 * stats.attachedPunctuation())
                : "whitespace tokens: the text is already tokenized (punctuation stands apart)");
        why.add(stats.marksUnknown ? "the text's own vocabulary (it already writes rare words as <unk>)"
                : "the 10,000 most frequent words, the rest <unk> (a larger vocabulary costs softmax time a short run lacks)");
        why.add("two tied LSTM layers of 200 with locked dropout 0.2 (configs/word-small.yaml's network)");
        why.add(String.format(Locale.ROOT, "SGD, learning rate 1, halved at each epoch start once half of the budget (%s) is spent", duration(minutes)));
        return Map.of(
                "data", Map.of("mode", "word", "tokenizer", raw ? "ptb" : "whitespace", "train", text.toString(),
                        "valid_fraction", 0.05, "max_vocab", stats.marksUnknown ? 0 : 10000),
                "model", Map.of("embedding", 200, "hidden", List.of(200, 200), "init_range", 0.1, "tie_weights", true,
                        "dropout_input", 0.2, "dropout_hidden", 0.2, "dropout_output", 0.2),
                "train", Map.of("optimizer", "sgd", "lr", 1.0, "schedule", "budget", "budget_decay_start", 0.5, // lr_decay 0.5, clip_norm 5: the defaults
                        "time_budget", seconds(minutes), "batch", 20, "bptt", 35, "epochs", 1000, "seed", 1));
    }

    /** Size, words (whitespace-separated), how many of them end in attached punctuation, and whether one is {@code <unk>}: one pass. */
    private record TextStats(long bytes, long words, long punctuated, boolean marksUnknown) {
        double attachedPunctuation() {
            return words == 0 ? 0 : (double) punctuated / words;
        }

        static TextStats of(Path text) {
            long words = 0, punctuated = 0;
            boolean unk = false;
            try (BufferedReader in = Files.newBufferedReader(text, StandardCharsets.UTF_8)) {
                for (String line; (line = in.readLine()) != null; ) {
                    for (String w : line.split("\\s+")) {
                        if (w.isEmpty()) continue;
                        words++;
                        unk |= w.equals("<unk>");
                        char last = w.charAt(w.length() - 1);
                        if (w.length() > 1 && ".,;:!?\"')".indexOf(last) >= 0 && Character.isLetter(w.charAt(w.length() - 2))) punctuated++;
                    }
                }
                return new TextStats(Files.size(text), words, punctuated, unk);
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new LmkitException("--text: not UTF-8 text: " + text);
            } catch (IOException e) {
                throw new LmkitException("--text: cannot read " + text + ": " + e.getMessage());
            }
        }
    }

    private static String seconds(double minutes) {
        return String.format(Locale.ROOT, "%.0fs", minutes * 60);
    }

    private static String duration(double minutes) {
        return minutes < 1 ? String.format(Locale.ROOT, "%.0f seconds", minutes * 60)
                : String.format(Locale.ROOT, minutes == Math.rint(minutes) ? "%.0f minutes" : "%.1f minutes", minutes);
    }

    private static String size(long bytes) {
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0) : String.format(Locale.ROOT, "%d KB", Math.max(1, bytes / 1024));
    }
}
