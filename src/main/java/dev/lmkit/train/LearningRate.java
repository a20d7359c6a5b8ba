package dev.lmkit.train;

import dev.lmkit.config.LmConfig;

/** The learning-rate schedules of the configs: none, step decay (Zaremba et al.) and divide-on-plateau. */
final class LearningRate {
    private LearningRate() {
    }

    /** The rate for 1-based {@code epoch}; {@code current} carries plateau decays made so far. */
    static double forEpoch(LmConfig.Train t, int epoch, double current) {
        return switch (t.schedule()) {
            case "step" -> t.lr() * Math.pow(t.lrDecay(), Math.max(0, epoch - t.decayStartEpoch() + 1));
            case "plateau" -> current;
            default -> t.lr();
        };
    }

    /** After an epoch's validation: plateau decays when the perplexity did not improve. */
    static double afterValidation(LmConfig.Train t, double current, boolean improved) {
        return "plateau".equals(t.schedule()) && !improved ? current * t.lrDecay() : current;
    }
}
