package dev.lmkit.spark;

import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;
import dev.lmkit.config.TrainConfig;
import dev.lmkit.fused.ActivationPenalty;
import dev.lmkit.fused.NumberObjective;
import dev.lmkit.model.NetworkFactory;
import dev.lmkit.train.StateReset;
import dev.lmkit.train.TrainingStep;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A worker's part of an averaging round, run on an executor: the round's parameters, updater state and number-objective
 * weights put into a network built from the configuration (one per task thread, kept between a run's rounds), then its chunks
 * trained window by window with the same {@link TrainingStep} as on one machine — clipping, AR/TAR, the number objective,
 * zero-state windows, dropout seeded from (seed, window). A worker's consecutive chunks continue the same streams, so the
 * hidden state is carried across them as one machine carries it; the first chunk of a task starts from a zero state.
 */
final class WorkerTraining {
    private static final ThreadLocal<Map<String, MultiLayerNetwork>> NETWORKS = ThreadLocal.withInitial(HashMap::new);

    private WorkerTraining() {
    }

    static Iterator<WorkerResult> train(RoundStart start, Iterator<Chunk> chunks) {
        if (!chunks.hasNext()) return List.<WorkerResult>of().iterator();
        LmConfig config = ConfigLoader.parse(start.config(), "the driver's configuration", List.of());
        TrainConfig t = config.train();
        Map<String, MultiLayerNetwork> kept = NETWORKS.get();
        String key = start.vocab() + "|" + start.config();
        if (!kept.containsKey(key)) kept.clear(); // one network per task thread: the run's
        MultiLayerNetwork net = kept.computeIfAbsent(key, k -> NetworkFactory.create(config, start.vocab()));
        net.params().assign(vector(start.params()));
        if (start.updater() != null) net.getUpdater().getStateViewArray().assign(vector(start.updater()));
        net.setLearningRate(start.lr());
        NumberObjective number = null;
        if (start.number() != null) {
            var last = (FeedForwardLayer) net.getLayer(net.getnLayers() - 1).conf().getLayer();
            number = new NumberObjective(t.numberLoss(), (int) last.getNIn());
            number.setValues(start.number());
        }
        TrainingStep step = new TrainingStep(net, t.batch(), t.clipNorm(), new StateReset(t.stateReset(), t.seed()),
                new ActivationPenalty(t.ar(), t.tar()), number);
        double nll = 0, maxNorm = 0;
        long tokens = 0, windows = 0;
        long previous = Long.MIN_VALUE;
        while (chunks.hasNext()) {
            Chunk chunk = chunks.next();
            if (chunk.index() != previous + 1) net.rnnClearPreviousState(); // the next chunk continues this one's streams
            previous = chunk.index();
            int perChunk = chunk.windows(t.bptt());
            long first = (start.step() + chunk.index() - start.from()) * perChunk; // the run's window number: unique, the same on any cluster
            for (int w = 0; w < perChunk; w++) {
                long window = first + w;
                Nd4j.getRandom().setSeed(t.seed() * 1_000_003L + window);
                INDArray inputs = chunk.inputs(w, t.bptt());
                TrainingStep.Outcome out = step.run(inputs, chunk.labels(w, t.bptt()), chunk.numbers(w, t.bptt()), (int) window,
                        start.epoch() - 1);
                nll += out.nll();
                maxNorm = Double.isNaN(out.gradientNorm()) ? Double.NaN : Math.max(maxNorm, out.gradientNorm());
                tokens += inputs.length();
                windows++;
                if (!out.finite()) return List.of(result(net, number, Double.NaN, tokens, out.gradientNorm(), 0, windows)).iterator();
            }
        }
        double right = number == null ? 0 : number.accuracySinceLastCall() * windows;
        return List.of(result(net, number, nll, tokens, maxNorm, right, windows)).iterator();
    }

    private static WorkerResult result(MultiLayerNetwork net, NumberObjective number, double nll, long tokens, double norm,
                                       double right, long windows) {
        INDArray updater = net.getUpdater().getStateViewArray();
        return new WorkerResult(net.params().toFloatVector(), updater == null ? null : updater.toFloatVector(),
                number == null ? null : number.values(), nll, tokens, norm, Double.isNaN(right) ? 0 : right, windows, 1);
    }

    static INDArray vector(float[] values) {
        return Nd4j.createFromArray(values).reshape(1, values.length);
    }
}
