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
 * {@code steps.csv} in the run directory: the training loss as it goes, one row per ~1% of an epoch
 * (the mean NLL per token over the windows since the previous row), for the per-step curve in
 * {@code curves.png}. On resume, rows past the checkpoint's step are dropped, as in {@link MetricsCsv}.
 */
final class StepLossCsv {
    static final String HEADER = "step,epoch,train_loss";

    record Row(long step, double epoch, double trainLoss) {
        static Row parse(String line) {
            String[] f = line.split(",");
            return new Row(Long.parseLong(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]));
        }
    }

    private final Path file;
    private final int every;
    private double loss;
    private long tokens;
    private int windows;

    /** Logs every {@code every} windows; keeps existing rows up to {@code keepUpToStep}. */
    StepLossCsv(Path file, int every, long keepUpToStep) {
        this.file = file;
        this.every = Math.max(1, every);
        List<String> lines = new ArrayList<>(List.of(HEADER));
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank() && !line.startsWith("step") && Row.parse(line).step() <= keepUpToStep) lines.add(line);
                }
            }
            dev.lmkit.OutputFiles.write(file, temp -> Files.write(temp, lines));
        } catch (IOException | RuntimeException e) {
            throw new LmkitException("cannot rewrite " + file + ": " + e.getMessage());
        }
    }

    /** Refuses a file this class could not continue, before anything is written. */
    static void check(Path file) {
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) if (!line.isBlank() && !line.startsWith("step")) Row.parse(line);
            }
        } catch (IOException | RuntimeException e) {
            throw new LmkitException("cannot continue " + file + " (" + dev.lmkit.Messages.quote(String.valueOf(e.getMessage()))
                    + "): move it away or give another --out");
        }
    }

    /** One window trained: summed NLL {@code windowLoss} over {@code windowTokens}; writes a row every {@code every} windows. */
    void add(long step, double epoch, double windowLoss, long windowTokens) {
        loss += windowLoss;
        tokens += windowTokens;
        if (++windows < every) return;
        try {
            Files.writeString(file, String.format(Locale.ROOT, "%d,%.4f,%.5f%n", step, epoch, loss / tokens), StandardOpenOption.APPEND,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new LmkitException("cannot write " + file + ": " + e.getMessage());
        }
        loss = 0;
        tokens = 0;
        windows = 0;
    }

    static List<Row> read(Path file) {
        List<Row> rows = new ArrayList<>();
        if (!Files.exists(file)) return rows;
        try {
            for (String line : Files.readAllLines(file)) if (!line.isBlank() && !line.startsWith("step")) rows.add(Row.parse(line));
        } catch (IOException | RuntimeException e) {
            throw new LmkitException("cannot read " + file + ": " + e.getMessage());
        }
        return rows;
    }
}
