package dev.lmkit.spark;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress on the driver: DL4J runs each parameter-averaging round as one Spark job, so a finished job is a round
 * done; prints a line at every tenth of an epoch's rounds with the rate and the time left in the epoch.
 */
final class AveragingProgress extends SparkListener {
    private final PrintStream log;
    private final int rounds;
    private final boolean quiet;
    private volatile int epoch, epochs, done, lastTenth;
    private volatile long start;

    AveragingProgress(PrintStream log, int rounds, boolean quiet) {
        this.log = log;
        this.rounds = Math.max(1, rounds);
        this.quiet = quiet;
    }

    void startEpoch(int epoch, int epochs) {
        this.epoch = epoch;
        this.epochs = epochs;
        this.done = 0;
        this.lastTenth = 0;
        this.start = System.nanoTime();
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd end) {
        int d = Math.min(rounds, ++done);
        int tenth = d * 10 / rounds;
        if (quiet || tenth == lastTenth || tenth == 10) return;
        lastTenth = tenth;
        double seconds = (System.nanoTime() - start) / 1e9;
        log.printf(Locale.ROOT, "epoch %d/%d: averaging round %d/%d (%.0f%%) | ETA %s%n", epoch, epochs, d, rounds,
                100.0 * d / rounds, dev.lmkit.train.Progress.duration(seconds / d * (rounds - d)));
    }
}
