package dev.lmkit.config;

import dev.lmkit.LmkitException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code train --text FILE [--minutes N]}: a config chosen for one text and a wall-time budget, with the reasons in
 * words. Short budgets get the measured starter ({@code configs/char-small.yaml}'s network: one layer of 256 units),
 * long ones on texts of a megabyte or more the 90-minute recipe's two layers of 512; character level throughout,
 * since a word model's vocabulary needs far more text and time than a first run has (docs/recipes.md).
 */
public final class Starter {
    /** The chosen config and why, one reason per line. */
    public record Choice(LmConfig config, List<String> reasons) {
    }

    private static final double LARGE_MINUTES = 20;
    private static final long LARGE_TEXT = 1 << 20;

    private Starter() {
    }

    public static Choice forText(Path text, double minutes) {
        if (!Files.isRegularFile(text)) throw new LmkitException("--text: no such file: " + text);
        if (!(minutes > 0 && minutes <= 7 * 24 * 60)) throw new LmkitException("--minutes must be in (0, 10080], not " + minutes);
        long bytes;
        try {
            bytes = Files.size(text);
        } catch (IOException e) {
            throw new LmkitException("--text: cannot read " + text + ": " + e.getMessage());
        }
        if (bytes == 0) throw new LmkitException("--text: the file is empty: " + text);
        List<String> why = new ArrayList<>();
        why.add(String.format(Locale.ROOT, "character level: %s of text (a word model needs tens of megabytes and hours to learn its vocabulary)",
                size(bytes)));
        boolean large = minutes >= LARGE_MINUTES && bytes >= LARGE_TEXT;
        why.add(large ? "two LSTM layers of 512 units with dropout 0.1 (configs/char-shakespeare.yaml's network: "
                + String.format(Locale.ROOT, "%s on %s is enough for it)", duration(minutes), size(bytes))
                : "one LSTM layer of 256 units (configs/char-small.yaml's network: in "
                + String.format(Locale.ROOT, "%s a larger one would see the text too few times)", duration(minutes)));
        why.add(String.format(Locale.ROOT, "Adam, learning rate 0.002, halved at each epoch start once 60%% of the budget (%s) is spent",
                duration(minutes)));
        why.add("the last 5% of the lines held out for validation");
        // the choice as a config file would write it, bound by the same strict binder
        Map<String, Object> tree = Map.of(
                "data", Map.of("mode", "char", "train", text.toString(), "valid_fraction", 0.05),
                "model", Map.of("embedding", large ? 64 : 32, "hidden", large ? List.of(512, 512) : List.of(256),
                        "init_range", 0.08, "dropout", large ? 0.1 : 0.0),
                "train", Map.of("optimizer", "adam", "lr", 0.002, "schedule", "budget", // lr_decay 0.5, budget_decay_start 0.6, clip_norm 5: the defaults
                        "time_budget", String.format(Locale.ROOT, "%.0fs", minutes * 60), "batch", 32,
                        "bptt", large ? 100 : 64, "epochs", 1000, "seed", 1));
        return new Choice(new ConfigBinder("--text " + text).bind(tree, LmConfig.class, LmConfig.DEFAULTS, ""), why);
    }

    private static String duration(double minutes) {
        return minutes < 1 ? String.format(Locale.ROOT, "%.0f seconds", minutes * 60)
                : String.format(Locale.ROOT, minutes == Math.rint(minutes) ? "%.0f minutes" : "%.1f minutes", minutes);
    }

    private static String size(long bytes) {
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0) : String.format(Locale.ROOT, "%d KB", Math.max(1, bytes / 1024));
    }
}
