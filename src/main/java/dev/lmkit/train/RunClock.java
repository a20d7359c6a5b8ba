package dev.lmkit.train;

import dev.lmkit.config.TrainConfig;

import java.nio.file.Path;

/**
 * The clock of a training run in progress, on one machine or a cluster: the wall time of the whole run (the sessions
 * before a {@code --resume} included, from the checkpoint's {@link TrainingClock}), the time spent training and the
 * tokens trained in it. {@code train.time_budget} and the stop request are read against it.
 */
public final class RunClock {
    private final long startNanos = System.nanoTime();
    private final double budgetSeconds;
    private final StopRequest stop;
    private long earlierNanos, trainNanos, trainTokens;

    public RunClock(TrainConfig t, StopRequest stop) {
        this.budgetSeconds = t.timeBudgetSeconds();
        this.stop = stop;
    }

    /** Goes on from the clock {@code checkpoint} recorded. */
    public void resume(Path checkpoint) {
        TrainingClock clock = TrainingClock.read(checkpoint);
        trainNanos = clock.trainNanos();
        trainTokens = clock.trainTokens();
        earlierNanos = clock.runNanos();
    }

    /** {@code tokens} trained in {@code nanos}. */
    public void trained(long nanos, long tokens) {
        trainNanos += nanos;
        trainTokens += tokens;
    }

    public double tokensPerSecond() {
        return trainNanos == 0 ? 0 : trainTokens / (trainNanos / 1e9);
    }

    public double trainSeconds() {
        return trainNanos / 1e9;
    }

    /** The fraction of the time budget used so far, across resumes; 0 without a budget. */
    public double budgetSpent() {
        return budgetSeconds > 0 ? (earlierNanos + System.nanoTime() - startNanos) / 1e9 / budgetSeconds : 0;
    }

    /** Why to stop now: a request (Ctrl-C, SIGTERM), or the time budget spent, which is then requested; null to go on. */
    public String stopReason() {
        if (stop.reason() == null && budgetSeconds > 0 && budgetSpent() >= 1) stop.request("time budget");
        return stop.reason();
    }

    /** What a checkpoint records of this clock. */
    public TrainingClock checkpoint() {
        return new TrainingClock(trainNanos, trainTokens, earlierNanos + System.nanoTime() - startNanos);
    }
}
