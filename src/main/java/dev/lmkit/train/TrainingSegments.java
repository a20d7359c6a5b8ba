package dev.lmkit.train;

import dev.lmkit.fused.NumberObjective;
import dev.lmkit.model.TrainingState;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.nio.file.Path;
import java.util.Map;

/**
 * How an epoch's training is done, a segment at a time: on this machine a segment is one window trained by
 * {@link TrainingStep} from the carried state ({@link OneMachineSegments}); on a cluster it is an averaging round of
 * chunks trained by the same step on the workers (lmkit-spark). Everything around the segments — epochs, validation,
 * checkpoints, schedules, NT-ASGD, early stopping, the stop request and the clock — is {@link Trainer}'s one loop.
 */
public interface TrainingSegments extends AutoCloseable {
    /** Makes the segments of a run once {@link Trainer} has its network (new, or read from a checkpoint) and, with the number objective, its head. */
    interface Factory {
        TrainingSegments start(MultiLayerNetwork net, NumberObjective number);
    }

    /** What a segment trained: {@code units} more units, their summed NLL (nats; NaN when the training does not report it) over
     *  {@code tokens} predictions, the largest gradient norm before clipping (NaN if unknown), and whether the loss or the
     *  weights stopped being finite (no update is then kept). */
    record Segment(int units, double nll, long tokens, double gradientNorm, boolean diverged) {
    }

    /** Units in an epoch (windows on one machine, chunks on a cluster), {@code train.max_steps_per_epoch} applied. */
    int units();

    /** TBPTT windows in a unit ({@code train.eval_every} counts windows). */
    int windowsPerUnit();

    /** Checks that a run resumed at {@code state} from checkpoint {@code from} fits, and restores what the checkpoint adds. */
    void resume(TrainingState state, Path from);

    /** An epoch begins (from unit 0) at learning rate {@code lr}; also called with the epoch's rate after a resume. */
    void startEpoch(boolean fromTheStart, double lr);

    /** Trains from unit {@code from} (a run's {@code state}) on; at most up to unit {@code limit}. */
    Segment train(int from, int limit, TrainingState state, int epoch);

    /** The network as trained so far (validated and saved by the loop). */
    MultiLayerNetwork net();

    /** Checkpoint entries beside the network for a checkpoint at {@code state} (one machine: the carried state mid-epoch). */
    Map<String, byte[]> checkpointEntries(TrainingState state);

    /** The number objective's accuracy on training tokens since the last call; NaN without it. */
    double numberAccuracy();

    /** The epoch {@code epoch} was validated and saved (a cluster logs what its rounds cost). */
    default void endEpoch(int epoch) {
    }

    @Override
    default void close() {
    }
}
