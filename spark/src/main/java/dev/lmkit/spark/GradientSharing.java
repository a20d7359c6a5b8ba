package dev.lmkit.spark;

import dev.lmkit.LmkitException;
import dev.lmkit.config.TrainConfig;
import dev.lmkit.model.TrainingState;
import dev.lmkit.train.DistributedTraining;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * DL4J's gradient sharing ({@code --sharing gradients}): the workers fit their chunks with DL4J's own {@code fit()} and
 * exchange threshold-encoded updates as they go; {@link WorkerStep} clips the gradient and resets states there as lmkit's
 * training step would. A segment is about a tenth of an epoch, so a stop waits for at most that. DL4J's fit does not
 * carry AR/TAR or the number objective: {@link SparkKeys} refuses them with this sharing.
 */
final class GradientSharing extends ChunkSegments {
    private final SparkDl4jMultiLayer spark;
    private final int segment;
    private final long chunkTokens;
    private INDArray epochStart; // the driver's parameters when the epoch (or its resumed part) began

    GradientSharing(JavaSparkContext sc, Chunks chunks, TrainConfig t, DistributedTraining.Request request, MultiLayerNetwork net,
                    AveragingCsv costs) {
        super(chunks, request, t.maxStepsPerEpoch(), costs);
        this.spark = new SparkDl4jMultiLayer(sc, net, TrainingMasters.gradientSharing(request, t.batch()));
        spark.setListeners(List.of(new WorkerStep(t.clipNorm(), t.stateReset(), t.seed())));
        int perRound = request.workers() * request.averagingFrequency();
        this.segment = perRound * Math.max(1, units / perRound / 10);
        this.chunkTokens = (long) t.batch() * t.bptt() * request.chunkWindows();
    }

    @Override
    public void startEpoch(boolean fromTheStart, double lr) {
        spark.getNetwork().setLearningRate(lr);
        epochStart = spark.getNetwork().params().dup();
    }

    @Override
    public Segment train(int from, int limit, TrainingState state, int epoch) {
        int to = Math.min(limit, (from / segment + 1) * segment);
        spark.fit(chunks.range(from, to, request.averagingFrequency()).map(Chunk::ids));
        INDArray after = spark.getNetwork().params();
        // a short segment may pass no update over the threshold; a whole epoch without one means none arrived (seen when
        // Aeron timed out on the executors)
        if (to == units && epochStart.equals(after)) {
            throw new LmkitException("epoch " + epoch + " did not change a single parameter on the driver (--sharing gradients): the "
                    + "workers' updates never arrived; see the executors' logs (spark/standalone: spark/target/standalone/work/)");
        }
        boolean diverged = !Double.isFinite(after.sumNumber().doubleValue());
        return new Segment(to - from, Double.NaN, (to - from) * chunkTokens, Double.NaN, diverged);
    }

    @Override
    public MultiLayerNetwork net() {
        return spark.getNetwork();
    }

    @Override
    public Map<String, byte[]> checkpointEntries(TrainingState state) {
        return Map.of();
    }

    @Override
    public double numberAccuracy() {
        return Double.NaN;
    }
}
