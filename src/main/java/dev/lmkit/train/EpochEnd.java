package dev.lmkit.train;

import dev.lmkit.config.TrainConfig;
import dev.lmkit.eval.Nll;
import dev.lmkit.model.TrainingState;

/**
 * What the validation at the end of an epoch makes of a run's state, on one machine or a cluster: the state after the
 * epoch (with the learning rate the schedule sets for what follows), whether the model is the best so far, and
 * whether patience ran out.
 */
public record EpochEnd(TrainingState state, boolean improved, boolean stop) {
    /** {@code valid}: the epoch's validation, or null when there is no validation text. */
    public static EpochEnd of(TrainConfig t, TrainingState state, int epoch, Nll valid) {
        boolean improved = valid != null && valid.perplexity() < state.bestValidPpl();
        TrainingState next = valid == null ? state : state.validated(valid.perplexity(), improved);
        double lr = valid == null ? state.lr() : LearningRate.afterValidation(t, state.lr(), improved);
        boolean stop = t.patience() > 0 && next.badEpochs() >= t.patience();
        return new EpochEnd(next.endOfEpoch(epoch, valid == null ? Double.NaN : valid.perplexity(), lr, stop), improved, stop);
    }
}
