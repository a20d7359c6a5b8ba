package dev.lmkit.model;

/**
 * Where training stands after {@code epoch} finished epochs: enough to resume exactly.
 * {@code bestValidPpl} is +∞ until a validation ran; {@code badEpochs} counts epochs since it improved.
 */
public record TrainingState(int epoch, long step, double lr, double bestValidPpl, int badEpochs,
                            double lastValidPpl, boolean stopped) {
    public static TrainingState start(double lr) {
        return new TrainingState(0, 0, lr, Double.POSITIVE_INFINITY, 0, Double.NaN, false);
    }
}
