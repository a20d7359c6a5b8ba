package dev.lmkit.spark;

import dev.lmkit.LmkitException;

import dev.lmkit.OutputFiles;
import org.apache.spark.api.java.JavaSparkContext;

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
    private final RoundTraffic traffic = new RoundTraffic();
    private final PrintStream log;
    private final boolean quiet;
    private boolean started;

    /** Listens to {@code sc}'s rounds from now on; the file is written from the first epoch's end on. */
    AveragingCsv(JavaSparkContext sc, Path file, PrintStream log, boolean quiet) {
        this.file = file;
        this.log = log;
        this.quiet = quiet;
        sc.sc().addSparkListener(traffic);
    }

    /** Appends epoch {@code epoch}'s row; the first call keeps the rows of the epochs before it (a resumed run drops the rest). */
    void endEpoch(int epoch) {
        if (!started) keepUpTo(epoch - 1);
        started = true;
        append(epoch, traffic.takeTotals());
    }

    private void keepUpTo(int keepUpToEpoch) {
        List<String> lines = new ArrayList<>(List.of(HEADER));
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank() && !line.equals(HEADER) && Integer.parseInt(line.split(",")[0]) <= keepUpToEpoch) lines.add(line);
                }
            }
            OutputFiles.write(file, temp -> Files.write(temp, lines));
        } catch (IOException | NumberFormatException e) {
            throw new LmkitException("cannot rewrite " + file + ": " + e.getMessage());
        }
    }

    private void append(int epoch, RoundTraffic.Totals t) {
        double round = t.perRound(t.wallSeconds()), task = t.perRound(t.taskSeconds());
        double sent = t.perRound(t.broadcastBytes()), fetched = t.perRound(t.fetchedBytes()), back = t.perRound(t.resultBytes());
        try {
            Files.writeString(file, String.format(Locale.ROOT, "%d,%d,%.4f,%.4f,%.0f,%.0f,%.0f%n", epoch, t.rounds(), round, task,
                    sent, fetched, back), StandardOpenOption.APPEND, java.nio.file.LinkOption.NOFOLLOW_LINKS);
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
