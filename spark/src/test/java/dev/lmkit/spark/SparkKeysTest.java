package dev.lmkit.spark;

import dev.lmkit.LmkitException;
import dev.lmkit.config.ConfigKeys;
import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.model.NetworkFactory;
import dev.lmkit.train.DistributedTraining;
import dev.lmkit.train.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every config key under {@code train --spark}: honoured, shown by a run (or the corpus, or the network Spark is handed)
 * that changes when the key does, or refused before anything is written. A key added to the config without a row here
 * fails the first test.
 */
class SparkKeysTest {
    /** Keys whose effect shows in the corpus that {@code loadCorpus} returns: the same code as on one machine. */
    private static final Map<String, String> CORPUS = Map.ofEntries(
            Map.entry("data.mode", "char"), Map.entry("data.tokenizer", "ptb"), Map.entry("data.lowercase", "true"),
            Map.entry("data.train", "OTHER_TRAIN"), Map.entry("data.valid", "OTHER_VALID"), Map.entry("data.test", "OTHER_TEST"),
            Map.entry("data.min_count", "40"), Map.entry("data.max_vocab", "5"), Map.entry("data.train_extra", "[OTHER_TRAIN]"));
    /** Keys that only matter without a valid/test file: shown on a corpus without them. */
    private static final Map<String, String> HELD_OUT = Map.of("data.valid_fraction", "0.2", "data.test_fraction", "0.2");
    /** Keys whose effect shows in the corpus, given the settings they act with (bpe's vocabulary size). */
    private static final List<Row> CORPUS_IN_CONTEXT = List.of(
            new Row("data.vocab_size", List.of("data.tokenizer=bpe", "data.vocab_size=285"), "data.vocab_size=295"));
    /** Keys whose effect shows in the network the driver builds and broadcasts. */
    private static final Map<String, String> NETWORK = Map.of("model.embedding", "12", "model.hidden", "[12]", "model.init_range", "0.3",
            "model.forget_bias", "1.0", "model.tie_weights", "true");
    /** Keys whose effect shows in the network the driver builds, given the settings they act with (the adaptive softmax's). */
    private static final List<Row> NETWORK_IN_CONTEXT = List.of(
            new Row("model.softmax", List.of("model.cutoffs=[]"), "model.softmax=adaptive,model.cutoffs=[5]"),
            new Row("model.cutoffs", List.of("model.softmax=adaptive", "model.cutoffs=[5]"), "model.cutoffs=[6]"),
            new Row("model.cutoff_div", List.of("model.softmax=adaptive", "model.cutoffs=[5]"), "model.cutoff_div=2"));
    /** Keys whose effect shows only in training on the workers or in the driver's loop: a short Spark run with the key
     *  against one without it, both with the row's context (settings the key acts through). */
    private record Row(String key, List<String> context, String change) {
    }

    private static final List<Row> RUN = List.of(
            new Row("model.impl", List.of(), "model.impl=dl4j"),
            new Row("model.dropout", List.of(), "model.dropout=0.3"),
            new Row("model.dropout_input", List.of(), "model.dropout_input=0.3"),
            new Row("model.dropout_hidden", List.of("model.hidden=[16, 16]"), "model.dropout_hidden=0.3"),
            new Row("model.dropout_output", List.of(), "model.dropout_output=0.3"),
            new Row("model.dropout_embedding", List.of(), "model.dropout_embedding=0.3"),
            new Row("model.weight_drop", List.of(), "model.weight_drop=0.3"),
            new Row("train.optimizer", List.of("train.lr=0.5"), "train.optimizer=sgd"),
            new Row("train.lr", List.of(), "train.lr=0.02"),
            new Row("train.adam_beta2", List.of(), "train.adam_beta2=0.9"),
            new Row("train.schedule", List.of(), "train.schedule=step"),
            new Row("train.lr_decay", List.of("train.schedule=step"), "train.lr_decay=0.25"),
            new Row("train.decay_start_epoch", List.of("train.schedule=step"), "train.decay_start_epoch=2"),
            new Row("train.budget_decay_start", List.of("train.schedule=budget", "train.time_budget=1h"), "train.budget_decay_start=0"),
            new Row("train.clip_norm", List.of(), "train.clip_norm=0.5"),
            new Row("train.batch", List.of(), "train.batch=3"),
            new Row("train.bptt", List.of(), "train.bptt=7"),
            new Row("train.epochs", List.of(), "train.epochs=2"),
            new Row("train.seed", List.of(), "train.seed=6"),
            new Row("train.eval_batch", List.of(), "train.eval_batch=3"),
            new Row("train.max_steps_per_epoch", List.of(), "train.max_steps_per_epoch=4"),
            new Row("train.state_reset", List.of(), "train.state_reset=0.9"),
            new Row("train.time_budget", List.of(), "train.time_budget=0.5s"),
            // validated on a text mostly of words the grammar lacks (<unk>), which the model predicts less and less as it
            // learns the grammar: validation gets worse after the first epoch, and patience 1 stops the run there
            new Row("train.patience", List.of("train.epochs=3", "data.valid=OTHER_VALID"), "train.patience=1"),
            new Row("train.ar", List.of(), "train.ar=2.0"),
            new Row("train.tar", List.of(), "train.tar=1.0"),
            new Row("train.eval_every", List.of(), "train.eval_every=5"));

    /** Keys shown by their own tests in SparkLoopTest (they need a text made for them). */
    private static final Map<String, String> OWN_TEST = Map.of("train.nonmono", "ntasgdAveragesOnceValidationWorsensAndResumesExactly",
            "data.train_numbers", "theNumberObjectiveLearnsOnTheWorkers", "train.number_loss", "theNumberObjectiveLearnsOnTheWorkers");

    @TempDir
    static Path dir;
    private static LmConfig base;

    @BeforeAll
    static void corpus() throws Exception {
        base = TinyGrammar.config(dir, 600, "{embedding: 8, hidden: [16]}", 4, 1);
        Files.writeString(dir.resolve("other.txt"), "The Keys to the Cabinet are here, she said.\nThe Dogs run.\n".repeat(40));
    }

    @Test
    void everyKeyIsHonouredOrRefused() {
        Set<String> accounted = new TreeSet<>();
        for (var maps : List.of(CORPUS.keySet(), HELD_OUT.keySet(), NETWORK.keySet(), OWN_TEST.keySet())) accounted.addAll(maps);
        for (Row row : RUN) accounted.add(row.key());
        for (Row row : NETWORK_IN_CONTEXT) accounted.add(row.key());
        for (Row row : CORPUS_IN_CONTEXT) accounted.add(row.key());
        for (SparkKeys.Refusal r : SparkKeys.REFUSED) accounted.add(r.key());
        Set<String> known = new TreeSet<>();
        for (ConfigKeys.Key k : ConfigKeys.keys()) known.add(k.key());
        assertEquals(known, accounted, "each config key has a row in this test");
    }

    @Test
    void corpusAndNetworkKeysChangeWhatSparkIsHanded() {
        DistributedTraining spark = DistributedTraining.find();
        DistributedTraining.Request local = new DistributedTraining.Request("local[1]", 1, 1, 2);
        Corpus plain = spark.loadCorpus(base.data(), local);
        LmConfig raw = with(base, "data.train=OTHER_TRAIN"); // capitals and punctuation, which the grammar's text lacks
        for (var e : CORPUS.entrySet()) {
            LmConfig from = Set.of("data.tokenizer", "data.lowercase").contains(e.getKey()) ? raw : base;
            Corpus changed = spark.loadCorpus(with(from, e.getKey() + "=" + e.getValue()).data(), local);
            assertNotEquals(fingerprint(spark.loadCorpus(from.data(), local)), fingerprint(changed), e.getKey());
        }
        LmConfig noFiles = with(base,  "data.valid=''", "data.valid_fraction=0.1");
        Corpus fraction = spark.loadCorpus(noFiles.data(), local);
        for (var e : HELD_OUT.entrySet()) {
            assertNotEquals(fingerprint(fraction), fingerprint(spark.loadCorpus(with(noFiles, e.getKey() + "=" + e.getValue()).data(), local)), e.getKey());
        }
        for (Row row : CORPUS_IN_CONTEXT) {
            LmConfig context = with(base, row.context().toArray(String[]::new));
            assertNotEquals(fingerprint(spark.loadCorpus(context.data(), local)), fingerprint(spark.loadCorpus(with(context, row.change()).data(), local)), row.key());
        }
        LmConfig square = with(base, "model.hidden=[8]"); // tying needs the last hidden size to equal the embedding's
        INDArray net = NetworkFactory.create(square, plain.vocab().size()).params();
        for (var e : NETWORK.entrySet()) {
            INDArray changed = NetworkFactory.create(with(square, e.getKey() + "=" + e.getValue()), plain.vocab().size()).params();
            assertFalse(changed.equalShapes(net) && changed.equals(net), e.getKey());
        }
        for (Row row : NETWORK_IN_CONTEXT) {
            List<String> set = new ArrayList<>(row.context());
            set.addAll(List.of(row.change().split(",(?=model\\.)")));
            INDArray without = NetworkFactory.create(with(square, row.context().toArray(String[]::new)), plain.vocab().size()).params();
            INDArray changed = NetworkFactory.create(with(square, set.toArray(String[]::new)), plain.vocab().size()).params();
            assertFalse(changed.equalShapes(without) && changed.equals(without), row.key());
        }
    }

    @Test
    void trainingKeysChangeTheRun() {
        Map<List<String>, Outcome> baselines = new LinkedHashMap<>();
        Outcome plain = run("plain", List.of());
        assertTrue(plain.sameAs(run("again", List.of())), "a run repeats itself, so a difference below is the key's");
        baselines.put(List.of(), plain);
        List<String> ignored = new ArrayList<>();
        for (Row row : RUN) {
            Outcome without = baselines.computeIfAbsent(row.context(), c -> run("context-" + baselines.size(), c));
            List<String> set = new ArrayList<>(row.context());
            set.add(row.change());
            if (run(row.key(), set).sameAs(without)) ignored.add(row.key());
        }
        assertEquals(List.of(), ignored, "keys that changed nothing under --spark");
    }

    @Test
    void aRefusedSettingIsOneLineBeforeAnythingIsWritten() {
        DistributedTraining.Request sharing = new DistributedTraining.Request("local[1]", 1, 1, 2, "gradients", 1e-3);
        String uri = dir.resolve("train.txt").toUri().toString();
        List<Map.Entry<List<String>, DistributedTraining.Request>> cases = List.of(
                Map.entry(List.of("data.tokenizer=bpe", "data.vocab_size=300", "data.train=" + uri), new DistributedTraining.Request("local[1]", 1, 1, 2)),
                Map.entry(List.of("train.optimizer=sgd", "train.number_loss=1.0", "data.train=" + uri), new DistributedTraining.Request("local[1]", 1, 1, 2)),
                Map.entry(List.of("train.optimizer=sgd", "train.number_loss=1.0"), sharing),
                Map.entry(List.of("train.ar=2.0"), sharing), Map.entry(List.of("train.tar=1.0"), sharing));
        assertEquals(SparkKeys.REFUSED.size(), cases.size(), "a case for each refusal");
        for (int i = 0; i < cases.size(); i++) {
            SparkKeys.Refusal r = SparkKeys.REFUSED.get(i);
            LmConfig config = with(base, cases.get(i).getKey().toArray(String[]::new));
            Path run = dir.resolve("refused-" + i);
            var request = cases.get(i).getValue();
            var e = assertThrows(LmkitException.class, () -> DistributedTraining.find().train(config, Corpus.load(with(base).data()),
                    new Trainer.Options(run, false), request));
            assertTrue(e.getMessage().startsWith("--spark does not carry out " + r.key() + " as set: " + r.why()), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertFalse(Files.exists(run), "nothing written for " + r.key());
        }
    }

    /** {@code validations}: metrics.csv's rows. */
    private record Outcome(INDArray params, double valid, int epoch, String stoppedBy, int validations) {
        boolean sameAs(Outcome o) {
            return params.equalShapes(o.params) && params.equals(o.params) && valid == o.valid && epoch == o.epoch
                    && java.util.Objects.equals(stoppedBy, o.stoppedBy) && validations == o.validations;
        }
    }

    private static Outcome run(String name, List<String> overrides) {
        LmConfig config = with(base, overrides.toArray(String[]::new));
        Path run = dir.resolve("run-" + name);
        Trainer.Result r = DistributedTraining.find().train(config, Corpus.load(config.data()), new Trainer.Options(run, false, true, System.err),
                new DistributedTraining.Request("local[1]", 1, 1, 2));
        INDArray params = ModelBundle.load(run.resolve("last.zip")).net().params();
        int validations;
        try {
            validations = Files.readAllLines(run.resolve("metrics.csv")).size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Outcome(params, r.valid() == null ? Double.NaN : r.valid().sum(), r.state().epoch(), r.stoppedBy(), validations);
    }

    private static LmConfig with(LmConfig config, String... overrides) {
        List<String> set = new ArrayList<>();
        for (String o : overrides) set.add(o.replace("OTHER_TRAIN", dir.resolve("other.txt").toString())
                .replace("OTHER_VALID", dir.resolve("other.txt").toString()).replace("OTHER_TEST", dir.resolve("other.txt").toString()));
        return ConfigLoader.parse(ConfigLoader.toYaml(config), "spark-keys", set);
    }

    /** What a corpus holds, as one comparable string. */
    private static String fingerprint(Corpus c) {
        return c.vocab().tokens() + "|" + java.util.Arrays.hashCode(c.train().ids()) + "|" + java.util.Arrays.hashCode(c.valid().ids())
                + "|" + java.util.Arrays.hashCode(c.test().ids());
    }
}
