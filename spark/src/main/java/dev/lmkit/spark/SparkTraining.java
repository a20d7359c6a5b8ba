package dev.lmkit.spark;

import dev.lmkit.LmkitException;
import dev.lmkit.config.DataConfig;
import dev.lmkit.config.LmConfig;
import dev.lmkit.config.TrainConfig;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.corpus.EncodedText;
import dev.lmkit.corpus.Tokenizer;
import dev.lmkit.corpus.TrainNumbers;
import dev.lmkit.corpus.Vocabulary;
import dev.lmkit.model.TrainingState;
import dev.lmkit.train.DistributedTraining;
import dev.lmkit.train.Trainer;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Data-parallel training on Apache Spark: each epoch the training text is cut into contiguous chunks ({@link Shards}: the
 * hidden state is carried from window to window inside a chunk) that the workers train with lmkit's own training step,
 * their parameters, updater state and number-objective weights averaged after every {@code --averaging-frequency} chunks
 * each ({@link AveragingRounds}), or with DL4J's gradient sharing ({@link GradientSharing}). Everything else — validation,
 * checkpoints, schedules, NT-ASGD, early stopping, the budget and stop request, {@code --resume} — is the one training loop,
 * {@link Trainer}, run on the driver with a round as its segment.
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
    public void refuseUnsupported(LmConfig config, Request request) {
        SparkKeys.refuse(config, request);
    }

    @Override
    public Trainer.Result train(LmConfig config, Corpus corpus, Trainer.Options options, Request o) {
        SparkKeys.refuse(config, o);
        TrainConfig t = config.train();
        try {
            return Trainer.train(config, corpus, options, (net, number) -> {
                JavaSparkContext sc = context(o);
                Chunks chunks = clusterText != null
                        ? clusterText.chunks(sc, corpus.vocab(), t.batch(), t.bptt() * o.chunkWindows())
                        : Chunks.onDriver(sc, Shards.chunks(corpus.train().ids(), t.batch(), t.bptt(), o.chunkWindows()), number == null ? null
                                : Shards.aligned(TrainNumbers.load(config.data(), corpus), t.batch(), t.bptt(), o.chunkWindows()));
                AveragingCsv costs = new AveragingCsv(sc, options.runDir().resolve("averaging.csv"), options.log(), options.quiet());
                return o.sharing().equals("gradients") ? new GradientSharing(sc, chunks, t, o, net, costs)
                        : new AveragingRounds(sc, chunks, config, corpus.vocab().size(), o, net, number, costs);
            });
        } finally {
            if (context != null) context.close();
            context = null;
            clusterText = null;
        }
    }

    /** Refuses to resume a run stopped after more chunks than an epoch has now. */
    static void checkResumable(TrainingState state, int chunks, Path from) {
        if (state.window() > chunks) {
            throw new LmkitException(from + " stopped after chunk " + state.window() + " of an epoch that has " + chunks
                    + " chunks now: resume with the --chunk-windows it was trained with");
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
}
