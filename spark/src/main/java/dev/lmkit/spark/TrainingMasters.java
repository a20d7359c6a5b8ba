package dev.lmkit.spark;

import dev.lmkit.train.DistributedTraining;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.AdaptiveThresholdAlgorithm;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;

/**
 * DL4J's gradient sharing ({@link GradientSharing}); parameter averaging is lmkit's own ({@link AveragingRounds}). A worker
 * sees a minibatch as one chunk of {@code batch} streams as it is (DL4J's default of 16 examples would re-batch them) and
 * reads the chunks where Spark placed them ({@code RDDTrainingApproach.Direct}: the default Export leaves
 * {@code /tmp/hadoop-*}/dl4j behind).
 */
final class TrainingMasters {
    /** Gradient sharing's Aeron UDP port on every node. */
    static final int SHARING_PORT = 40123;

    private TrainingMasters() {
    }

    static TrainingMaster<?, ?> gradientSharing(DistributedTraining.Request o, int batch) {
        VoidConfiguration.VoidConfigurationBuilder transport = VoidConfiguration.builder().unicastPort(SHARING_PORT);
        if (onThisMachine(o.master())) {
            PerJvmPort.claim(SHARING_PORT);
            transport.controllerAddress("127.0.0.1").networkMask("127.0.0.0/8").portSupplier(new PerJvmPort());
        }
        return new SharedTrainingMaster.Builder(transport.build(), batch)
                .batchSizePerWorker(batch).workersPerNode(1)
                .thresholdAlgorithm(new AdaptiveThresholdAlgorithm(o.threshold()))
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .build();
    }

    private static boolean onThisMachine(String master) {
        return master.startsWith("local") || master.startsWith("spark://127.") || master.startsWith("spark://localhost");
    }
}
