package dev.lmkit.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Where training stands: enough to resume exactly. {@code epoch} counts finished epochs;
 * {@code window} the windows of the next epoch already trained (0 at an epoch boundary; more after a
 * stop mid-epoch), with {@code epochLoss} / {@code epochTokens} the summed NLL and token count over
 * them. {@code bestValidPpl} is +∞ until a validation ran; {@code badEpochs} counts epochs since it improved.
 * {@code epochValidPpl} lists the validation perplexity at the end of each finished epoch (NT-ASGD's trigger reads it).
 */
public record TrainingState(int epoch, long step, double lr, double bestValidPpl, int badEpochs,
                            double lastValidPpl, boolean stopped, int window, double epochLoss, long epochTokens,
                            List<Double> epochValidPpl) {
    public TrainingState {
        epochValidPpl = epochValidPpl == null ? List.of() : List.copyOf(epochValidPpl); // null: saved before lmkit kept it
    }

    public TrainingState(int epoch, long step, double lr, double bestValidPpl, int badEpochs,
                         double lastValidPpl, boolean stopped, int window, double epochLoss, long epochTokens) {
        this(epoch, step, lr, bestValidPpl, badEpochs, lastValidPpl, stopped, window, epochLoss, epochTokens, List.of());
    }

    public static TrainingState start(double lr) {
        return new TrainingState(0, 0, lr, Double.POSITIVE_INFINITY, 0, Double.NaN, false, 0, 0, 0);
    }

    /** An epoch begins with learning rate {@code lr}. */
    public TrainingState startingEpoch(double lr) {
        return new TrainingState(epoch, step, lr, bestValidPpl, badEpochs, lastValidPpl, false, 0, 0, 0, epochValidPpl);
    }

    /** {@code units} more units trained (windows; chunks on a cluster), with summed NLL {@code loss} over {@code tokens} predictions. */
    public TrainingState afterSteps(int units, double loss, long tokens) {
        return new TrainingState(epoch, step + units, lr, bestValidPpl, badEpochs, lastValidPpl, stopped, window + units,
                epochLoss + loss, epochTokens + tokens, epochValidPpl);
    }

    /** A validation gave {@code ppl}; {@code improved} makes it the best so far and clears the bad-epoch count. */
    public TrainingState validated(double ppl, boolean improved) {
        return new TrainingState(epoch, step, lr, improved ? ppl : bestValidPpl, improved ? 0 : badEpochs + 1, ppl, stopped,
                window, epochLoss, epochTokens, epochValidPpl);
    }

    /**
     * Epoch {@code finished} is done (validated at {@code validPpl}, NaN when there is no validation
     * text); the next one runs at {@code nextLr}, or none if {@code stop}.
     */
    public TrainingState endOfEpoch(int finished, double validPpl, double nextLr, boolean stop) {
        List<Double> history = new ArrayList<>(epochValidPpl);
        if (!Double.isNaN(validPpl)) history.add(validPpl);
        return new TrainingState(finished, step, nextLr, bestValidPpl, badEpochs, lastValidPpl, stop, 0, 0, 0, history);
    }

    /** Mean NLL per token over the windows trained so far in this epoch. */
    public double epochMeanLoss() {
        return epochTokens == 0 ? Double.NaN : epochLoss / epochTokens;
    }
}
