package dev.lmkit.train;

import dev.lmkit.config.LmConfig;
import dev.lmkit.config.TrainConfig;
import dev.lmkit.corpus.BpttBatches;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.corpus.TrainNumbers;
import dev.lmkit.fused.ActivationPenalty;
import dev.lmkit.fused.NumberObjective;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.model.TrainingState;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.Map;

/**
 * Training on this machine: a segment is one window of Zaremba's batching, trained by {@link TrainingStep} from the
 * state the window before left (cleared at every epoch start). Dropout noise is seeded from (seed, step) before every
 * step, so a resumed run trains exactly as an uninterrupted one.
 */
public final class OneMachineSegments implements TrainingSegments {
    private final TrainConfig t;
    private final MultiLayerNetwork net;
    private final NumberObjective number;
    private final BpttBatches batches;
    private final BpttBatches numberTargets; // lined up with batches; null without the number objective
    private final TrainingStep step;

    private OneMachineSegments(LmConfig config, Corpus corpus, MultiLayerNetwork net, NumberObjective number) {
        this.t = config.train();
        this.net = net;
        this.number = number;
        this.batches = new BpttBatches(corpus.train().ids(), t.batch(), t.bptt());
        this.numberTargets = number == null ? null
                : new BpttBatches(TrainNumbers.load(config.data(), corpus), t.batch(), t.bptt());
        this.step = new TrainingStep(net, t.batch(), t.clipNorm(), new StateReset(t.stateReset(), t.seed()),
                new ActivationPenalty(t.ar(), t.tar()), number);
    }

    public static TrainingSegments.Factory factory(LmConfig config, Corpus corpus) {
        return (net, number) -> new OneMachineSegments(config, corpus, net, number);
    }

    @Override
    public int units() {
        return t.maxStepsPerEpoch() > 0 ? Math.min(t.maxStepsPerEpoch(), batches.windows()) : batches.windows();
    }

    @Override
    public int windowsPerUnit() {
        return 1;
    }

    @Override
    public void resume(TrainingState state, Path from) {
        byte[] carried = ModelBundle.extra(from, CarriedState.ENTRY, CarriedState.maxBytes(net, t.batch()));
        if (state.window() > 0 && carried != null) CarriedState.restore(net, carried, t.batch(), from.toString());
    }

    @Override
    public void startEpoch(boolean fromTheStart, double lr) {
        if (fromTheStart) net.rnnClearPreviousState();
        net.setLearningRate(lr);
    }

    @Override
    public Segment train(int from, int limit, TrainingState state, int epoch) {
        Nd4j.getRandom().setSeed(t.seed() * 1_000_003L + state.step());
        TrainingStep.Outcome out = step.run(batches.inputs(from), batches.labels(from),
                numberTargets == null ? null : numberTargets.timeMajorInputs(from), (int) state.step(), epoch - 1);
        return new Segment(1, out.nll(), (long) t.batch() * batches.stepsIn(from), out.gradientNorm(), !out.finite());
    }

    @Override
    public MultiLayerNetwork net() {
        return net;
    }

    @Override
    public Map<String, byte[]> checkpointEntries(TrainingState state) {
        return state.window() > 0 ? Map.of(CarriedState.ENTRY, CarriedState.write(net)) : Map.of();
    }

    @Override
    public double numberAccuracy() {
        return number == null ? Double.NaN : number.accuracySinceLastCall();
    }
}
