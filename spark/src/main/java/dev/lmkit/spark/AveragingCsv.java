package dev.lmkit.spark;

import dev.lmkit.LmkitException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code averaging.csv} in a Spark run's directory: per epoch, what one averaging round cost ({@link RoundTraffic}). */
final class AveragingCsv {
    static final String HEADER = "epoch,rounds,round_s,task_s_per_round,broadcast_bytes_per_round,fetched_bytes_per_round,result_bytes_per_round";

    private final Path file;

    /** Keeps the rows of epochs up to {@code keepUpToEpoch} (a resumed run drops the rest). */
    AveragingCsv(Path file, int keepUpToEpoch) {
        this.file = file;
        List<String> lines = new ArrayList<>(List.of(HEADER));
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank() && !line.equals(HEADER) && Integer.parseInt(line.split(",")[0]) <= keepUpToEpoch) lines.add(line);
                }
            }
            Files.write(file, lines);
        } catch (IOException | NumberFormatException e) {
            throw new LmkitException("cannot rewrite " + file + ": " + e.getMessage());
        }
    }

    void append(int epoch, RoundTraffic.Totals t, PrintStream log, boolean quiet) {
        double round = t.perRound(t.wallSeconds()), task = t.perRound(t.taskSeconds());
        double sent = t.perRound(t.broadcastBytes()), fetched = t.perRound(t.fetchedBytes()), back = t.perRound(t.resultBytes());
        try {
            Files.writeString(file, String.format(Locale.ROOT, "%d,%d,%.4f,%.4f,%.0f,%.0f,%.0f%n", epoch, t.rounds(), round, task,
                    sent, fetched, back), StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new LmkitException("cannot write " + file + ": " + e.getMessage());
        }
        if (!quiet) {
            log.printf(Locale.ROOT, "  %d averaging rounds, each %.2f s (workers computing %.2f s in all); per round: broadcast %.2f MB"
                            + " (%.2f MB fetched by other JVMs), results back %.2f MB%n",
                    t.rounds(), round, task, sent / 1e6, fetched / 1e6, back / 1e6);
        }
    }
}
