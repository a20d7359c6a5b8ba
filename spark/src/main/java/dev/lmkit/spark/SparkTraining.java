package dev.lmkit.spark;

import dev.lmkit.LmkitException;
import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.eval.Nll;
import dev.lmkit.eval.Scorer;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.model.NetworkFactory;
import dev.lmkit.model.TrainingState;
import dev.lmkit.train.DistributedTraining;
import dev.lmkit.train.LearningRate;
import dev.lmkit.train.ResumeCheck;
import dev.lmkit.train.MetricsCsv;
import dev.lmkit.train.Trainer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Data-parallel training on Apache Spark with DL4J's parameter averaging: each epoch the training text is cut
 * into contiguous chunks ({@link Shards}: the hidden state is carried from window to window inside a chunk),
 * the workers fit them with truncated BPTT and their parameters and updater state are averaged every
 * {@code averagingFrequency} chunks; the driver then validates, writes metrics.csv and the checkpoints
 * (last.zip, best.zip) as a single-machine run does, and evaluates the best model on the test set at the end. Learning-rate
 * schedules, early stopping and the time budget work per epoch; Ctrl-C stops after the epoch, and --resume goes on from last.zip.
 */
public final class SparkTraining implements DistributedTraining {
    /** Found by {@link DistributedTraining#find()} (META-INF/services). */
    public SparkTraining() {
    }

    @Override
    public Trainer.Result train(LmConfig config, Corpus corpus, Trainer.Options options, Request o) {
        LmConfig.Train t = config.train();
        Path runDir = options.runDir();
        PrintStream log = options.log();
        long start = System.nanoTime();
        MultiLayerNetwork net;
        TrainingState state;
        if (options.resume()) { // from the last epoch's checkpoint: a Spark run saves between epochs only
            Path last = runDir.resolve("last.zip");
            if (!Files.exists(last)) throw new LmkitException("nothing to resume: no last.zip in " + runDir);
            ModelBundle bundle = ModelBundle.load(last);
            ResumeCheck.compatible(bundle, config, corpus, last);
            net = bundle.net();
            state = bundle.state();
            log.println("resuming " + runDir + " after epoch " + state.epoch());
        } else {
            if (Files.exists(runDir)) throw new LmkitException("run directory exists (continue it with --resume): " + runDir);
            net = NetworkFactory.create(config, corpus.vocab().size());
            state = TrainingState.start(t.lr());
        }
        List<DataSet> chunks = Shards.chunks(corpus.train().ids(), t.batch(), t.bptt(), o.chunkWindows());
        boolean submitted = o.master().equals("submit"); // spark-submit chose the master and ships the application jar
        SparkConf conf = new SparkConf().setAppName("lmkit " + runDir.getFileName())
                .set("spark.ui.enabled", "false")
                // Spark 3.3's cleaner closes the INDArray that SparkDl4jMultiLayer broadcasts (the live parameters),
                // after which fit fails with "Unable to wrap closed buffer".
                .set("spark.cleaner.referenceTracking", "false");
        if (!submitted) conf.setMaster(o.master());
        if (o.master().startsWith("spark://")) {
            // Executors on this machine's cluster (spark/standalone) run lmkit from the driver's own classpath and JVM
            // flags; on a real cluster, spark-submit ships the application jar instead.
            conf.set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                    .set("spark.executor.extraJavaOptions", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()
                            .stream().filter(a -> a.startsWith("--add-")).toList()))
                    .set("spark.executor.memory", "2g").set("spark.cores.max", Integer.toString(o.workers()))
                    .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        }
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("ERROR");
            ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(o.workers(), t.batch())
                    .averagingFrequency(o.averagingFrequency()).workerPrefetchNumBatches(0).saveUpdater(true)
                    .rddTrainingApproach(RDDTrainingApproach.Direct) // Export leaves /tmp/hadoop-*/dl4j behind
                    .build();
            SparkDl4jMultiLayer spark = new SparkDl4jMultiLayer(sc, net, master);
            int rounds = (chunks.size() + o.workers() * o.averagingFrequency() - 1) / (o.workers() * o.averagingFrequency());
            AveragingProgress progress = new AveragingProgress(log, rounds, options.quiet());
            sc.sc().addSparkListener(progress);
            JavaRDD<DataSet> data = sc.parallelize(chunks, o.workers()); // not cached here: DL4J persists it with its own storage level
            Files.createDirectories(runDir);
            Files.writeString(runDir.resolve("config.yaml"), ConfigLoader.toYaml(config));
            MetricsCsv metrics = new MetricsCsv(runDir.resolve("metrics.csv"), state.step());
            long tokensPerEpoch = (long) chunks.size() * t.batch() * (long) t.bptt() * o.chunkWindows();
            double trainSeconds = 0, tokensPerSecond = 0;
            String stoppedBy = null;
            int first = state.epoch() + 1;
            for (int epoch = first; epoch <= t.epochs() && stoppedBy == null; epoch++) {
                double budgetSpent = t.timeBudgetSeconds() > 0 ? (System.nanoTime() - start) / 1e9 / t.timeBudgetSeconds() : 0;
                state = state.startingEpoch(LearningRate.forEpoch(t, epoch, state.lr(), budgetSpent));
                spark.getNetwork().setLearningRate(state.lr());
                long t0 = System.nanoTime();
                progress.startEpoch(epoch, t.epochs());
                spark.fit(data);
                trainSeconds += (System.nanoTime() - t0) / 1e9;
                MultiLayerNetwork trained = spark.getNetwork();
                Nll valid = Scorer.textNll(trained, corpus.valid().ids(), t.evalBatch(), t.bptt());
                boolean improved = valid.perplexity() < state.bestValidPpl();
                tokensPerSecond = (epoch - first + 1) * tokensPerEpoch / trainSeconds;
                TrainingState validated = state.afterStep(Double.NaN, tokensPerEpoch).validated(valid.perplexity(), improved);
                boolean patienceOut = t.patience() > 0 && validated.badEpochs() >= t.patience();
                state = validated.endOfEpoch(epoch, valid.perplexity(), LearningRate.afterValidation(t, state.lr(), improved), patienceOut);
                metrics.append(new MetricsCsv.Row(epoch, state.step(), state.lr(), Double.NaN, valid.mean(), tokensPerSecond, trainSeconds));
                log.printf(Locale.ROOT, "epoch %d: valid ppl %.2f | %.0f tok/s on %s (%d workers)%n", epoch,
                        valid.perplexity(), tokensPerSecond, sc.master(), o.workers());
                new ModelBundle(trained, corpus.vocab(), config, state).save(runDir.resolve("last.zip"));
                if (improved) new ModelBundle(trained, corpus.vocab(), config, state).save(runDir.resolve("best.zip"));
                if (patienceOut) break;
                if (t.timeBudgetSeconds() > 0 && (System.nanoTime() - start) / 1e9 >= t.timeBudgetSeconds()) options.stop().request("time budget");
                if (epoch < t.epochs()) stoppedBy = options.stop().reason(); // Ctrl-C, SIGTERM, the budget: after this epoch
            }
            MultiLayerNetwork best = ModelBundle.load(runDir).net();
            Nll valid = Scorer.textNll(best, corpus.valid().ids(), t.evalBatch(), t.bptt());
            Nll test = corpus.test().length() < 2 || options.stop().skipTest() ? null : Scorer.textNll(best, corpus.test().ids(), t.evalBatch(), t.bptt());
            return new Trainer.Result(runDir, state, valid, test, tokensPerSecond, stoppedBy);
        } catch (IOException e) {
            throw new LmkitException("cannot write the run directory " + runDir + ": " + e.getMessage(), e);
        }
    }
}
