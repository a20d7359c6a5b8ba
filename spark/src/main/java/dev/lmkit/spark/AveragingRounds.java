package dev.lmkit.spark;

import dev.lmkit.LmkitException;
import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;
import dev.lmkit.fused.NumberObjective;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.model.TrainingState;
import dev.lmkit.train.DistributedTraining;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.Map;

/**
 * Parameter averaging, a round per segment: the driver broadcasts the parameters, the updater's state and the number
 * objective's weights; each of {@code --workers} tasks trains {@code --averaging-frequency} consecutive chunks with
 * lmkit's training step ({@link WorkerTraining}); the driver takes the mean of what they send back and moves the parameters
 * by it through {@link BlockMomentum} (updater state and number head: the mean). What the segments
 * do not do — validation, checkpoints, schedules, NT-ASGD, stops — the one loop in {@link dev.lmkit.train.Trainer} does.
 */
final class AveragingRounds extends ChunkSegments {
    private final JavaSparkContext sc;
    private final String config;
    private final int vocab;
    private final MultiLayerNetwork net;
    private final NumberObjective number;
    private final BlockMomentum momentum;
    private double lr;
    private double numberRight;
    private long numberWindows;

    AveragingRounds(JavaSparkContext sc, Chunks chunks, LmConfig config, int vocab, DistributedTraining.Request request,
                    MultiLayerNetwork net, NumberObjective number, AveragingCsv costs) {
        super(chunks, request, config.train().maxStepsPerEpoch(), costs);
        this.sc = sc;
        this.config = ConfigLoader.toYaml(config);
        this.vocab = vocab;
        this.net = net;
        this.number = number;
        this.momentum = new BlockMomentum(request.blockMomentumOrDefault());
    }

    @Override
    public void resume(TrainingState state, Path from) {
        super.resume(state, from);
        byte[] saved = ModelBundle.extra(from, BlockMomentum.ENTRY, BlockMomentum.maxBytes(net.numParams()));
        if (saved != null) momentum.restore(saved, net.params(), from);
    }

    @Override
    public void startEpoch(boolean fromTheStart, double lr) {
        this.lr = lr;
        net.setLearningRate(lr);
    }

    @Override
    public Segment train(int from, int limit, TrainingState state, int epoch) {
        int to = Math.min(limit, from + request.workers() * request.averagingFrequency());
        INDArray updater = net.getUpdater().getStateViewArray();
        INDArray started = momentum.start(net.params());
        Broadcast<RoundStart> start = sc.broadcast(new RoundStart(config, vocab, started.toFloatVector(),
                updater == null ? null : updater.toFloatVector(), number == null ? null : number.values(), lr, state.step(), from, epoch));
        WorkerResult sum = chunks.range(from, to, request.averagingFrequency())
                .mapPartitions(part -> WorkerTraining.train(start.value(), part))
                .treeAggregate(WorkerResult.NONE, WorkerResult::plus, WorkerResult::plus);
        start.destroy();
        if (sum.workers() == 0) throw new LmkitException("an averaging round of chunks " + from + " to " + to + " came back from no worker");
        if (Double.isFinite(sum.nll())) {
            momentum.apply(net.params(), started, WorkerTraining.vector(sum.mean(sum.params())).reshape(net.params().shape()));
            if (updater != null) updater.assign(WorkerTraining.vector(sum.mean(sum.updater())));
            if (number != null) number.setValues(sum.mean(sum.number()));
        }
        numberRight += sum.numberRight();
        numberWindows += sum.windows();
        return new Segment(to - from, sum.nll(), sum.tokens(), sum.gradientNorm(), !Double.isFinite(sum.nll()) || !Double.isFinite(sum.gradientNorm()));
    }

    @Override
    public MultiLayerNetwork net() {
        return net;
    }

    @Override
    public Map<String, byte[]> checkpointEntries(TrainingState state) {
        byte[] delta = momentum.write(); // a task starts from a zero state: no hidden state is carried between rounds
        return delta == null ? Map.of() : Map.of(BlockMomentum.ENTRY, delta);
    }

    @Override
    public double numberAccuracy() {
        double a = numberWindows == 0 || number == null ? Double.NaN : numberRight / numberWindows;
        numberRight = 0;
        numberWindows = 0;
        return a;
    }
}
