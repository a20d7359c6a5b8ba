package dev.lmkit.train;

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
    public static double forEpoch(LmConfig.Train t, int epoch, double current, double budgetSpent) {
        return switch (t.schedule()) {
            case "step" -> t.lr() * Math.pow(t.lrDecay(), Math.max(0, epoch - t.decayStartEpoch() + 1));
            case "plateau" -> current;
            case "budget" -> budgetSpent >= t.budgetDecayStart() ? current * t.lrDecay() : current;
            default -> t.lr();
        };
    }

    /** After an epoch's validation: plateau decays when the perplexity did not improve. */
    public static double afterValidation(LmConfig.Train t, double current, boolean improved) {
        return "plateau".equals(t.schedule()) && !improved ? current * t.lrDecay() : current;
    }
}
