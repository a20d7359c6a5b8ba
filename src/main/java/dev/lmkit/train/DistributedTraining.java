package dev.lmkit.train;

import dev.lmkit.config.DataConfig;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Corpus;


/**
 * Training on a cluster ({@code train --spark MASTER}), implemented outside the core library by lmkit-spark
 * ({@code spark/}) and found by {@link dev.lmkit.Cluster#find}, so that Spark's jars are on the classpath only when asked for.
 */
public interface DistributedTraining {
    /**
     * {@code master}: {@code local[N]} or {@code spark://host:port}; {@code chunkWindows}: TBPTT windows per worker minibatch;
     * {@code sharing}: {@code averaging} (parameter averaging every {@code averagingFrequency} minibatches) or {@code gradients}
     * (DL4J's gradient sharing: threshold-encoded updates exchanged between the workers, starting at {@code threshold});
     * {@code blockMomentum}: the averaging rounds' block momentum, NaN for the default {@code 1 − 1/workers}.
     */
    record Request(String master, int workers, int averagingFrequency, int chunkWindows, String sharing, double threshold,
                   double blockMomentum) {
        public Request(String master, int workers, int averagingFrequency, int chunkWindows) {
            this(master, workers, averagingFrequency, chunkWindows, "averaging", 1e-3);
        }

        public Request(String master, int workers, int averagingFrequency, int chunkWindows, String sharing, double threshold) {
            this(master, workers, averagingFrequency, chunkWindows, sharing, threshold, Double.NaN);
        }

        /** The block momentum the averaging rounds use: as asked, or {@code 1 − 1/workers}. */
        public double blockMomentumOrDefault() {
            return Double.isNaN(blockMomentum) ? 1.0 - 1.0 / workers : blockMomentum;
        }
    }

    /**
     * The corpus as this training reads it: files may be URIs ({@code hdfs://…}); a training text read on the cluster
     * is counted there, and the returned corpus then holds its vocabulary and the held-out splits but no training ids.
     */
    Corpus loadCorpus(DataConfig data, Request request);

    /** Refuses, with one line naming the key, a setting of {@code config} this training would not carry out as {@code request} asks. */
    void refuseUnsupported(LmConfig config, Request request);

    Trainer.Result train(LmConfig config, Corpus corpus, Trainer.Options options, Request request);

    static DistributedTraining find() {
        return dev.lmkit.Cluster.find(DistributedTraining.class);
    }
}
