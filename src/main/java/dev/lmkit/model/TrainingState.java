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

    /** An epoch begins with learning rate {@code lr}. */
    public TrainingState startingEpoch(double lr) {
        return new TrainingState(epoch, step, lr, bestValidPpl, badEpochs, lastValidPpl, false);
    }

    public TrainingState afterStep() {
        return new TrainingState(epoch, step + 1, lr, bestValidPpl, badEpochs, lastValidPpl, stopped);
    }

    /** A validation gave {@code ppl}; {@code improved} makes it the best so far and clears the bad-epoch count. */
    public TrainingState validated(double ppl, boolean improved) {
        return new TrainingState(epoch, step, lr, improved ? ppl : bestValidPpl, improved ? 0 : badEpochs + 1, ppl, stopped);
    }

    /** Epoch {@code finished} is done; the next one runs at {@code nextLr}, or none if {@code stop}. */
    public TrainingState endOfEpoch(int finished, double nextLr, boolean stop) {
        return new TrainingState(finished, step, nextLr, bestValidPpl, badEpochs, lastValidPpl, stop);
    }
}
