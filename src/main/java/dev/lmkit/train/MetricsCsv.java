package dev.lmkit.train;

import dev.lmkit.LmkitException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code metrics.csv} in the run directory: one row per validation, appended as training goes. A subword model's rows
 * also give the validation perplexity per word ({@code valid_word_ppl}: the same loss over the words instead of the
 * pieces), which compares with word models'; empty for other models.
 */
public final class MetricsCsv {
    static final String HEADER = "epoch,step,lr,train_loss,train_ppl,valid_loss,valid_ppl,tokens_per_s,elapsed_s,valid_word_ppl";

    /** {@code validWordLoss}: the validation loss summed over the tokens, per word (NaN: not a subword model). */
    public record Row(double epoch, long step, double lr, double trainLoss, double validLoss,
                      double tokensPerSecond, double elapsedSeconds, double validWordLoss) {
        public Row(double epoch, long step, double lr, double trainLoss, double validLoss, double tokensPerSecond, double elapsedSeconds) {
            this(epoch, step, lr, trainLoss, validLoss, tokensPerSecond, elapsedSeconds, Double.NaN);
        }

        String csv() {
            return String.format(Locale.ROOT, "%.4f,%d,%.6g,%.5f,%.3f,%.5f,%.3f,%.0f,%.1f,%s", epoch, step, lr,
                    trainLoss, Math.exp(trainLoss), validLoss, Math.exp(validLoss), tokensPerSecond, elapsedSeconds,
                    Double.isNaN(validWordLoss) ? "" : String.format(Locale.ROOT, "%.3f", Math.exp(validWordLoss)));
        }

        static Row parse(String line) {
            String[] f = line.split(","); // a row without a word perplexity (or from before the column) has nine fields
            return new Row(Double.parseDouble(f[0]), Long.parseLong(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[5]), Double.parseDouble(f[7]), Double.parseDouble(f[8]),
                    f.length > 9 ? Math.log(Double.parseDouble(f[9])) : Double.NaN);
        }
    }

    private final Path file;

    /** Opens the file, keeping only rows up to {@code keepUpToStep} (rows past a resumed checkpoint go). */
    public MetricsCsv(Path file, long keepUpToStep) {
        this.file = file;
        List<String> lines = new ArrayList<>(List.of(HEADER));
        try {
            if (Files.exists(file)) {
                List<String> old = Files.readAllLines(file);
                for (String line : old.subList(1, old.size())) {
                    if (!line.isBlank() && Row.parse(line).step() <= keepUpToStep) lines.add(line); // kept as written
                }
            }
        } catch (IOException e) {
            throw new LmkitException("cannot read " + file + ": " + e.getMessage());
        }
        try {
            dev.lmkit.OutputFiles.write(file, temp -> Files.write(temp, lines));
        } catch (IOException e) {
            throw new LmkitException("cannot write " + file + ": " + e.getMessage());
        }
    }

    /** Refuses a file this class could not continue, before anything is written. */
    static void check(Path file) {
        try {
            if (Files.exists(file)) {
                List<String> old = Files.readAllLines(file);
                for (String line : old.subList(Math.min(1, old.size()), old.size())) if (!line.isBlank()) Row.parse(line);
            }
        } catch (IOException | RuntimeException e) {
            throw new LmkitException("cannot continue " + file + " (" + dev.lmkit.Messages.quote(String.valueOf(e.getMessage()))
                    + "): move it away or give another --out");
        }
    }

    public void append(Row row) {
        try {
            Files.writeString(file, row.csv() + "\n", StandardOpenOption.APPEND, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new LmkitException("cannot write " + file + ": " + e.getMessage());
        }
    }

    public static List<Row> read(Path file) {
        List<Row> rows = new ArrayList<>();
        if (!Files.exists(file)) return rows;
        try {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank() && !line.startsWith("epoch")) rows.add(Row.parse(line));
            }
        } catch (IOException | RuntimeException e) {
            throw new LmkitException("cannot read metrics " + file + ": " + e.getMessage());
        }
        return rows;
    }
}
