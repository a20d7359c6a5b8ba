package dev.lmkit.spark;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress on the driver: counts the parameter-averaging rounds as their training jobs end ({@link RoundTraffic#isRound}); prints a line at every tenth of an epoch's rounds with the rate and the time left in the epoch.
 */
final class AveragingProgress extends SparkListener {
    private final PrintStream log;
    private final int rounds;
    private final boolean quiet;
    private volatile int epoch, epochs, done, resumedAt, lastTenth;
    private volatile long start;
    private final Set<Integer> roundJobs = ConcurrentHashMap.newKeySet();

    AveragingProgress(PrintStream log, int rounds, boolean quiet) {
        this.log = log;
        this.rounds = Math.max(1, rounds);
        this.quiet = quiet;
    }

    /** {@code done}: rounds of this epoch trained before a resume. */
    void startEpoch(int epoch, int epochs, int done) {
        this.epoch = epoch;
        this.epochs = epochs;
        this.done = done;
        this.resumedAt = done;
        this.lastTenth = done * 10 / rounds;
        this.start = System.nanoTime();
    }

    @Override
    public void onJobStart(SparkListenerJobStart start) {
        if (RoundTraffic.isRound(start)) roundJobs.add(start.jobId());
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd end) {
        if (!roundJobs.remove(end.jobId())) return;
        int d = Math.min(rounds, ++done);
        int tenth = d * 10 / rounds;
        if (quiet || tenth == lastTenth || tenth == 10) return;
        lastTenth = tenth;
        double seconds = (System.nanoTime() - start) / 1e9;
        log.printf(Locale.ROOT, "epoch %d/%d: averaging round %d/%d (%.0f%%) | ETA %s%n", epoch, epochs, d, rounds,
                100.0 * d / rounds, dev.lmkit.train.Progress.duration(seconds / (d - resumedAt) * (rounds - d)));
    }
}
