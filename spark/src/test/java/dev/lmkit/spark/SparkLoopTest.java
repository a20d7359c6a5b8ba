package dev.lmkit.spark;

import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.eval.Scorer;
import dev.lmkit.fused.NumberObjective;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.train.DistributedTraining;
import dev.lmkit.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** What the one training loop brings to --spark: the number objective trained on the workers, NT-ASGD's average, validation every N windows. */
class SparkLoopTest {
    @TempDir
    Path dir;

    private static Trainer.Options logged(Path run, boolean resume, ByteArrayOutputStream log) {
        return new Trainer.Options(run, resume, false, new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @Test
    void theNumberObjectiveLearnsOnTheWorkers() throws Exception {
        String[][] singular = {{"this", "cat", "sees"}, {"this", "dog", "likes"}}, plural = {{"these", "cats", "see"}, {"these", "dogs", "like"}};
        SplittableRandom r = new SplittableRandom(5);
        StringBuilder text = new StringBuilder(), numbers = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            boolean one = r.nextBoolean();
            text.append(String.join(" ", (one ? singular : plural)[r.nextInt(2)])).append(r.nextBoolean() ? " a ball .\n" : " the tree .\n");
            numbers.append(one ? "s s - - - -\n" : "p p - - - -\n");
        }
        Path train = Files.writeString(dir.resolve("agree.txt"), text);
        Path targets = Files.writeString(dir.resolve("agree.numbers.txt"), numbers);
        LmConfig config = ConfigLoader.parse("""
                data: {mode: word, train: %s, train_numbers: %s, valid_fraction: 0.1}
                model: {embedding: 8, hidden: [12], init_range: 0.3}
                train: {optimizer: sgd, lr: 3.0, batch: 4, bptt: 6, epochs: 4, seed: 3, clip_norm: 5.0, number_loss: 1.0}
                """.formatted(train, targets), "agree.yaml", List.of());
        var log = new ByteArrayOutputStream();
        DistributedTraining.find().train(config, Corpus.load(config.data()), logged(dir.resolve("run"), false, log),
                new DistributedTraining.Request("local[2]", 2, 2, 5));
        Matcher accuracy = Pattern.compile("next verb's number right on ([0-9.]+)%").matcher(log.toString(StandardCharsets.UTF_8));
        double last = -1;
        while (accuracy.find()) last = Double.parseDouble(accuracy.group(1));
        assertTrue(last > 80, "the coming verb's number from its subject (50% without learning), on the workers: " + last + "%\n" + log);
        byte[] head = ModelBundle.extra(dir.resolve("run/last.zip"), NumberObjective.ENTRY, 1 << 20);
        assertNotNull(head, "the averaged head is checkpointed");
    }

    @Test
    void ntasgdAveragesOnceValidationWorsensAndResumesExactly() throws Exception {
        // validation text in the reverse order of the training text: the better the fit, the worse validation gets
        Path train = Files.writeString(dir.resolve("forward.txt"), "a b c d e f\n".repeat(300));
        Path valid = Files.writeString(dir.resolve("backward.txt"), "f e d c b a\n".repeat(20));
        LmConfig six = ConfigLoader.parse("""
                data: {mode: word, train: %s, valid: %s}
                model: {embedding: 8, hidden: [12], init_range: 0.3}
                train: {optimizer: ntasgd, nonmono: 1, lr: 1.0, batch: 4, bptt: 6, epochs: 6, seed: 3, clip_norm: 5.0}
                """.formatted(train, valid), "forward.yaml", List.of());
        Corpus corpus = Corpus.load(six.data());
        DistributedTraining.Request local = new DistributedTraining.Request("local[1]", 1, 2, 2);
        var log = new ByteArrayOutputStream();
        Trainer.Result straight = DistributedTraining.find().train(six, corpus, logged(dir.resolve("straight"), false, log), local);
        List<Double> ppl = straight.state().epochValidPpl();
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("NT-ASGD: validation worse than 1 epochs ago"), log.toString(StandardCharsets.UTF_8));
        Path last = dir.resolve("straight/last.zip");
        byte[] mean = ModelBundle.extra(last, "lmkit/weight-average.bin", 1 << 24);
        assertNotNull(mean, "the average is checkpointed");
        ModelBundle raw = ModelBundle.load(last);
        double rawPpl = Scorer.textNll(raw.net(), corpus.valid().ids(), six.train().evalBatch(), six.train().bptt()).perplexity();
        assertNotEquals(ppl.get(5), rawPpl, "the last validation scored the mean of the rounds' weights, not the raw weights: " + ppl);

        LmConfig three = ConfigLoader.parse(ConfigLoader.toYaml(six), "t", List.of("train.epochs=3"));
        DistributedTraining.find().train(three, corpus, new Trainer.Options(dir.resolve("resumed"), false), local);
        DistributedTraining.find().train(six, corpus, new Trainer.Options(dir.resolve("resumed"), true), local);
        assertEquals(raw.net().params(), ModelBundle.load(dir.resolve("resumed/last.zip")).net().params());
        assertArrayEquals(mean, ModelBundle.extra(dir.resolve("resumed/last.zip"), "lmkit/weight-average.bin", 1 << 24));
    }
}
