package dev.lmkit.train;

import dev.lmkit.config.TrainConfig;
import dev.lmkit.config.LmConfig;

/**
 * The learning-rate schedules of the configs: none, step decay (Zaremba et al.), divide-on-plateau, and
 * decay against the time budget (a recipe that promises a result within a wall time).
 */
public final class LearningRate {
    private LearningRate() {
    }

    /**
     * The rate for 1-based {@code epoch}; {@code current} carries plateau and budget decays made so far;
     * {@code budgetSpent} is the fraction of this run's time budget used (0 without one).
     */
    public static double forEpoch(TrainConfig t, int epoch, double current, double budgetSpent) {
        return switch (t.schedule()) {
            case STEP -> t.lr() * Math.pow(t.lrDecay(), Math.max(0, epoch - t.decayStartEpoch() + 1));
            case PLATEAU -> current;
            case BUDGET -> budgetSpent >= t.budgetDecayStart() ? current * t.lrDecay() : current;
            case NONE -> t.lr();
        };
    }

    /** After an epoch's validation: plateau decays when the perplexity did not improve. */
    public static double afterValidation(TrainConfig t, double current, boolean improved) {
        return t.schedule() == TrainConfig.Schedule.PLATEAU && !improved ? current * t.lrDecay() : current;
    }
}
