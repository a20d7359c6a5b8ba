package dev.lmkit.spark;

import dev.lmkit.config.TrainConfig;
import dev.lmkit.config.DataConfig;
import dev.lmkit.LmkitException;
import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.corpus.EncodedText;
import dev.lmkit.corpus.Tokenizer;
import dev.lmkit.corpus.Vocabulary;
import dev.lmkit.eval.Nll;
import dev.lmkit.eval.Scorer;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.model.NetworkFactory;
import dev.lmkit.model.TrainingState;
import dev.lmkit.train.DistributedTraining;
import dev.lmkit.train.EpochEnd;
import dev.lmkit.train.FinalEvaluation;
import dev.lmkit.train.RunClock;
import dev.lmkit.train.LearningCurves;
import dev.lmkit.train.LearningRate;
import dev.lmkit.train.ResumeCheck;
import dev.lmkit.train.MetricsCsv;
import dev.lmkit.train.RunDirectory;
import dev.lmkit.train.Trainer;
import dev.lmkit.train.TrainingClock;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Data-parallel training on Apache Spark with DL4J's parameter averaging: each epoch the training text is cut
 * into contiguous chunks ({@link Shards}: the hidden state is carried from window to window inside a chunk),
 * the workers fit them with truncated BPTT and their parameters and updater state are averaged every
 * {@code averagingFrequency} chunks; the driver then validates, writes metrics.csv and the checkpoints
 * (last.zip, best.zip) as a single-machine run does, and evaluates the best model on the test set at the end.
 * An epoch is fitted in segments of about a tenth of it, so that Ctrl-C, SIGTERM or the time budget stop the run
 * between two segments (last.zip then records the chunks done, and --resume goes on from there) instead of
 * at the end of an epoch that may take hours on a large corpus. Learning-rate schedules and early stopping work per epoch.
 */
public final class SparkTraining implements DistributedTraining {
    /** Found by {@link DistributedTraining#find()} (META-INF/services). */
    public SparkTraining() {
    }

    private JavaSparkContext context; // from loadCorpus to the end of train
    private ClusterText clusterText;  // a training text given as a URI: read, counted and cut by the executors

    /**
     * Held-out files named by URIs are copied to the driver through Hadoop's FileSystem; a training file named by a URI
     * is counted on the cluster (the returned corpus then holds no training ids) and cut into chunks there by
     * {@link #train}; a local training file is read on the driver as on one machine.
     */
    @Override
    public Corpus loadCorpus(DataConfig data, Request o) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("lmkit-corpus");
            if (!DataConfig.isUri(data.train())) return Corpus.load(CorpusUris.fetch(data, dir));
            if (!data.trainExtra().isEmpty()) {
                throw new LmkitException("data.train_extra with a training text read on the cluster (" + data.train() + "): "
                        + "put the extra texts into that text, or name local files");
            }
            if (data.valid().isEmpty()) {
                throw new LmkitException("a training text read on the cluster (" + data.train() + ") needs data.valid: holding "
                        + "out a fraction of it would need the whole text on the driver");
            }
            DataConfig local = CorpusUris.fetch(data.toBuilder().files("", data.valid(), data.test()).build(), dir);
            clusterText = new ClusterText(context(o), data.train(), context.defaultMinPartitions(), data.mode(), data.tokenizer(), data.lowercase());
            Tokenizer tokenizer = Corpus.tokenizer(data);
            Map<String, Long> counts = clusterText.counts();
            Vocabulary vocab = Corpus.vocabulary(counts, data);
            System.err.printf(Locale.ROOT, "training text counted on the cluster: %,d tokens, %,d types%n",
                    counts.values().stream().mapToLong(Long::longValue).sum(), counts.size());
            return new Corpus(vocab, tokenizer, new EncodedText(new int[0], 0), Corpus.encodeFile(local.valid(), tokenizer, vocab),
                    Corpus.encodeFile(local.test(), tokenizer, vocab));
        } catch (IOException e) {
            throw new LmkitException("cannot create a temporary directory for the corpus: " + e.getMessage());
        } catch (RuntimeException e) {
            if (context != null) context.close();
            context = null;
            throw e;
        } finally {
            if (dir != null) removeFlat(dir);
        }
    }

    private static void removeFlat(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            System.err.println("lmkit: could not remove the temporary corpus copy " + dir + ": " + e.getMessage());
        }
    }

    @Override
    public void refuseUnsupported(LmConfig config) {
        SparkKeys.refuse(config);
    }

    @Override
    public Trainer.Result train(LmConfig config, Corpus corpus, Trainer.Options options, Request o) {
        SparkKeys.refuse(config);
        TrainConfig t = config.train();
        Path runDir = options.runDir();
        PrintStream log = options.log();
        RunClock clock = new RunClock(t, options.stop());
        try (RunDirectory dir = RunDirectory.open(runDir, options.resume(), log); JavaSparkContext sc = context(o)) {
            Chunks chunks = clusterText != null
                    ? clusterText.chunks(sc, corpus.vocab(), t.batch(), t.bptt() * o.chunkWindows())
                    : Chunks.onDriver(sc, Shards.chunks(corpus.train().ids(), t.batch(), t.bptt(), o.chunkWindows()), o.workers());
            MultiLayerNetwork net;
            TrainingState state;
            if (dir.resumes()) {
                Path from = dir.resumeFrom(log);
                ModelBundle bundle = ModelBundle.load(from);
                ResumeCheck.compatible(bundle, config, corpus, from);
                net = bundle.net();
                state = bundle.state();
                if (state.window() > chunks.count()) {
                    throw new LmkitException(from + " stopped after chunk " + state.window() + " of an epoch that has "
                            + chunks.count() + " chunks now: resume with the --chunk-windows it was trained with");
                }
                log.println("resuming " + runDir + " after epoch " + state.epoch() + (state.window() > 0 ? " and " + state.window() + " chunks" : ""));
                clock.resume(from);
            } else {
                net = NetworkFactory.create(config, corpus.vocab().size());
                state = TrainingState.start(t.lr());
            }
            SparkDl4jMultiLayer spark = new SparkDl4jMultiLayer(sc, net, TrainingMasters.create(o, t.batch(), t.seed()));
            spark.setListeners(List.of(new WorkerStep(t.clipNorm(), t.stateReset(), t.seed())));
            int epochChunks = epochChunks(chunks.count(), t.maxStepsPerEpoch(), o.chunkWindows());
            int chunksPerRound = o.workers() * o.averagingFrequency();
            int segment = chunksPerRound * Math.max(1, epochChunks / chunksPerRound / 10);
            AveragingProgress progress = new AveragingProgress(log, rounds(epochChunks, segment, chunksPerRound), options.quiet());
            sc.sc().addSparkListener(progress);
            RoundTraffic traffic = new RoundTraffic();
            sc.sc().addSparkListener(traffic);
            Files.writeString(runDir.resolve("config.yaml"), ConfigLoader.toYaml(config));
            MetricsCsv metrics = new MetricsCsv(runDir.resolve("metrics.csv"), state.step());
            AveragingCsv averagingCsv = new AveragingCsv(runDir.resolve("averaging.csv"), state.epoch());
            long chunkTokens = (long) t.batch() * t.bptt() * o.chunkWindows();
            String stoppedBy = null;
            while (state.epoch() < t.epochs() && !state.stopped() && stoppedBy == null) {
                int epoch = state.epoch() + 1;
                if (state.window() == 0) state = state.startingEpoch(LearningRate.forEpoch(t, epoch, state.lr(), clock.budgetSpent()));
                spark.getNetwork().setLearningRate(state.lr());
                progress.startEpoch(epoch, t.epochs(), state.window() / chunksPerRound);
                INDArray before = spark.getNetwork().params().dup();
                while (state.window() < epochChunks) {
                    int from = state.window(), to = Math.min(epochChunks, (from / segment + 1) * segment);
                    long t0 = System.nanoTime();
                    spark.fit(chunks.range(from, to));
                    clock.trained(System.nanoTime() - t0, (to - from) * chunkTokens);
                    for (int c = from; c < to; c++) state = state.afterStep(Double.NaN, chunkTokens);
                    stoppedBy = clock.stopReason();
                    if (stoppedBy != null && state.window() < epochChunks) break;
                }
                Map<String, byte[]> clockEntry = Map.of(TrainingClock.ENTRY, clock.checkpoint().bytes());
                if (state.window() < epochChunks) { // stopped mid-epoch
                    new ModelBundle(spark.getNetwork(), corpus.vocab(), config, state).save(runDir.resolve("last.zip"), clockEntry);
                    options.stop().checkpointSaved();
                    log.printf(Locale.ROOT, "stopped (%s) at epoch %d after %d of %d chunks; last.zip saved in %s (continue with --resume)%n",
                            stoppedBy, epoch, state.window(), epochChunks, runDir);
                    break;
                }
                MultiLayerNetwork trained = spark.getNetwork();
                if (before.equals(trained.params())) { // seen with gradient sharing when Aeron timed out on the executors
                    throw new LmkitException("epoch " + epoch + " did not change a single parameter on the driver (--sharing "
                            + o.sharing() + "): the workers' updates never arrived; see the executors' logs (spark/standalone: "
                            + "spark/target/standalone/work/)");
                }
                Nll valid = Scorer.textNll(trained, corpus.valid().ids(), t.evalBatch(), t.bptt());
                EpochEnd end = EpochEnd.of(t, state, epoch, valid);
                state = end.state();
                metrics.append(new MetricsCsv.Row(epoch, state.step(), state.lr(), Double.NaN, valid.mean(), clock.tokensPerSecond(), clock.trainSeconds()));
                log.printf(Locale.ROOT, "epoch %d: valid ppl %.2f | %.0f tok/s on %s (%d workers)%n", epoch,
                        valid.perplexity(), clock.tokensPerSecond(), sc.master(), o.workers());
                averagingCsv.append(epoch, traffic.takeTotals(), log, options.quiet());
                new ModelBundle(trained, corpus.vocab(), config, state).save(runDir.resolve("last.zip"), clockEntry);
                if (end.improved()) new ModelBundle(trained, corpus.vocab(), config, state).save(runDir.resolve("best.zip"), clockEntry);
                if (stoppedBy != null && state.epoch() < t.epochs() && !state.stopped()) {
                    log.printf(Locale.ROOT, "stopped (%s) after epoch %d; continue with --resume%n", stoppedBy, epoch);
                }
            }
            if (stoppedBy != null) options.stop().checkpointSaved();
            try {
                LearningCurves.write(MetricsCsv.read(runDir.resolve("metrics.csv")), config.data().charLevel(),
                        "learning curves: " + runDir.getFileName() + " (Spark, " + o.workers() + " workers)", runDir.resolve("curves.png"));
            } catch (IOException | RuntimeException e) {
                log.println("could not write curves.png: " + e.getMessage());
            }
            if (!Files.exists(runDir.resolve("best.zip"))) { // stopped before the first epoch ended: nothing validated yet
                return new Trainer.Result(runDir, state, null, null, clock.tokensPerSecond(), stoppedBy);
            }
            FinalEvaluation best = FinalEvaluation.of(runDir.resolve("best.zip"), corpus, t, options.stop().skipTest());
            return new Trainer.Result(runDir, state, best.valid(), best.test(), clock.tokensPerSecond(), stoppedBy);
        } catch (IOException e) {
            throw new LmkitException("cannot write the run directory " + runDir + ": " + e.getMessage(), e);
        } finally {
            context = null;
            clusterText = null;
        }
    }

    /** The run's Spark context: the one {@link #loadCorpus} started to count a training text on the cluster, or a new one. */
    private JavaSparkContext context(Request o) {
        if (context == null) {
            context = new JavaSparkContext(SparkConfs.forRun(o, "lmkit train"));
            context.setLogLevel("ERROR");
        }
        return context;
    }

    /** The chunks an epoch trains: all, or with {@code train.max_steps_per_epoch} those holding that many windows (whole chunks). */
    static int epochChunks(int chunks, int maxSteps, int chunkWindows) {
        return maxSteps > 0 ? Math.min(chunks, (maxSteps + chunkWindows - 1) / chunkWindows) : chunks;
    }

    /** An epoch's averaging rounds: DL4J splits each segment into rounds of chunksPerRound, a remainder joining them. */
    static int rounds(int chunks, int segment, int chunksPerRound) {
        int full = chunks / segment, last = chunks % segment;
        return full * (segment / chunksPerRound) + (last > 0 ? Math.max(1, last / chunksPerRound) : 0);
    }
}
