package dev.lmkit.train;

import dev.lmkit.TestData;
import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.eval.Scorer;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.model.NetworkFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** NT-ASGD: the non-monotonic trigger, the running mean, and training with it (exact resume, best.zip = the mean). */
class WeightAverageTest {
    @TempDir
    Path dir;

    @Test
    void triggersWhenValidationIsWorseThanTheBestBeforeTheLastNonmonoEpochs() {
        List<Double> history = List.of(120.0, 110.0, 105.0, 104.0);
        assertFalse(WeightAverage.triggered(history, 200.0, 4), "needs more than nonmono earlier epochs");
        assertFalse(WeightAverage.triggered(history, 119.0, 3), "better than 120, the best before the last three");
        assertTrue(WeightAverage.triggered(history, 121.0, 3));
        assertTrue(WeightAverage.triggered(history, 111.0, 2), "worse than min(120, 110)");
        assertFalse(WeightAverage.triggered(history, 109.0, 2));
    }

    @Test
    void keepsTheMeanOfTheWeightsAfterEachStepAndSwapsItInOnlyForTheWork() {
        MultiLayerNetwork net = NetworkFactory.create(ConfigLoader.parse("model: {embedding: 2, hidden: [3]}", "t", List.of()), 4);
        INDArray raw = net.params().dup();
        WeightAverage average = WeightAverage.starting(raw);
        for (int shift : new int[]{1, 3, 8}) average.add(raw.add(shift));
        assertEquals(3, average.count());
        assertEquals(raw.add(4), average.in(net, () -> net.params().dup()), "the mean of the three snapshots");
        assertEquals(raw, net.params(), "the raw weights are back");
        WeightAverage copy = WeightAverage.read(average.write(), "test", net.numParams());
        assertEquals(3, copy.count());
        assertEquals(raw.add(4), copy.in(net, () -> net.params().dup()), "a checkpoint keeps the mean exactly");
    }

    private static Trainer.Options quiet(Path run, boolean resume) {
        return new Trainer.Options(run, resume, true, new PrintStream(PrintStream.nullOutputStream()));
    }

    @Test
    void trainingSwitchesToAveragingResumesExactlyAndKeepsTheMeanAsBest() throws Exception {
        // validation text in the reverse order of the training text: the better the fit, the worse validation gets
        Path train = Files.writeString(dir.resolve("forward.txt"), "a b c d e f\n".repeat(300));
        Path valid = Files.writeString(dir.resolve("backward.txt"), "f e d c b a\n".repeat(20));
        LmConfig six = TestData.tinyConfig(dir, "train.epochs=6", "train.optimizer=ntasgd", "train.nonmono=1",
                "data.train=" + train, "data.valid=" + valid);
        Corpus corpus = Corpus.load(six.data());
        Trainer.Result straight = Trainer.train(six, corpus, quiet(dir.resolve("straight"), false));
        List<Double> ppl = straight.state().epochValidPpl();
        assertTrue(ppl.get(2) > ppl.get(0), "the trigger fires after epoch 3: " + ppl);
        assertNotNull(ModelBundle.extra(dir.resolve("straight/last.zip"), WeightAverage.ENTRY, 1 << 24));
        // validation after the switch scored the mean, not the raw weights
        ModelBundle last = ModelBundle.load(dir.resolve("straight/last.zip"));
        WeightAverage mean = WeightAverage.read(ModelBundle.extra(dir.resolve("straight/last.zip"), WeightAverage.ENTRY, 1 << 24), "last.zip", last.net().numParams());
        double meanPpl = mean.in(last.net(), () -> Scorer.textNll(last.net(), corpus.valid().ids(), six.train().evalBatch(), six.train().bptt()))
                .perplexity();
        assertEquals(ppl.get(5), meanPpl, 1e-6 * meanPpl);
        assertNotEquals(ppl.get(5), Scorer.textNll(last.net(), corpus.valid().ids(), six.train().evalBatch(), six.train().bptt()).perplexity());

        LmConfig three = ConfigLoader.parse(ConfigLoader.toYaml(six), "t", List.of("train.epochs=3"));
        Trainer.train(three, corpus, quiet(dir.resolve("resumed"), false));
        Trainer.train(six, corpus, quiet(dir.resolve("resumed"), true));
        assertEquals(ModelBundle.load(dir.resolve("straight/last.zip")).net().params(), ModelBundle.load(dir.resolve("resumed/last.zip")).net().params());
        assertArrayEquals(ModelBundle.extra(dir.resolve("straight/last.zip"), WeightAverage.ENTRY, 1 << 24),
                ModelBundle.extra(dir.resolve("resumed/last.zip"), WeightAverage.ENTRY, 1 << 24));
    }
}
