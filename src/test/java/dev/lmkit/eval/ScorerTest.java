package dev.lmkit.eval;

import dev.lmkit.TestData;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.IdArrays;
import dev.lmkit.model.NetworkFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ScorerTest {
    @TempDir
    Path dir;

    @Test
    void perplexityArithmeticMatchesAHandComputedCase() {
        // three tokens with probabilities 1/2, 1/4, 1/8: NLL = ln 2 + ln 4 + ln 8 = 6 ln 2, mean 2 ln 2, ppl 4
        Nll nll = new Nll(Math.log(2) + Math.log(4) + Math.log(8), 3);
        assertEquals(2 * Math.log(2), nll.mean(), 1e-12);
        assertEquals(4.0, nll.perplexity(), 1e-12);
        assertEquals(2.0, nll.bits(), 1e-12);
        assertEquals(new Nll(nll.sum() * 2, 6), nll.plus(nll));
    }

    /**
     * Researchers publish these numbers: with {@code --deterministic} a sentence's surprisal is the same to the bit
     * whatever else is in its batch, wherever it stands there, and whatever the batch size, alone (one row) included, with the full softmax and the adaptive one.
     * The suite runs with 1 and 2 workers (.ci/run).
     */
    @Test
    void deterministicSurprisalIsBitIdenticalWhateverItsBatch() throws Exception {
        dev.lmkit.fused.Determinism.set(true);
        try {
            bitIdenticalInAnyBatch();
        } finally {
            dev.lmkit.fused.Determinism.set(false);
        }
    }

    private void bitIdenticalInAnyBatch() throws Exception {
        for (String[] shape : new String[][]{{"model.hidden=[16]"}, {"model.hidden=[24, 40]"},
                {"model.hidden=[24]", "model.softmax=adaptive", "model.cutoffs=[6, 20]", "model.cutoff_div=2"}}) {
            LmConfig config = TestData.tinyConfig(dir, concat("model.embedding=12", shape));
            MultiLayerNetwork net = NetworkFactory.create(config, 37);
            net.params().muli(8); // weights of a trained model's size: the products' last bits matter
            java.util.Random random = new java.util.Random(13);
            List<int[]> others = new java.util.ArrayList<>();
            for (int i = 0; i < 90; i++) {
                int[] s = new int[1 + random.nextInt(14)];
                for (int t = 0; t < s.length; t++) s[t] = random.nextInt(37);
                others.add(s);
            }
            int[] sentence = {3, 8, 21, 5, 30, 1};
            double[] alone = Scorer.surprisals(net, List.of(sentence), 1, 1).get(0);
            for (int size : new int[]{2, 5, 16, 33, 64, 91}) {
                for (int at : new int[]{0, size / 2, size - 1}) {
                    List<int[]> batch = new java.util.ArrayList<>(others.subList(0, size - 1));
                    batch.add(at, sentence);
                    double[] inBatch = Scorer.surprisals(net, batch, 1, size).get(at);
                    assertArrayEquals(alone, inBatch, 0.0, List.of(shape) + ", batch of " + size + " at " + at);
                    assertArrayEquals(alone, Scorer.surprisals(net, batch, 1, 7).get(at), 0.0, List.of(shape) + ", batches of 7");
                }
            }
        }
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    @Test
    void carriedStateOverStreamsAndWindowsEqualsOneLongForwardPass() throws Exception {
        LmConfig config = TestData.tinyConfig(dir);
        MultiLayerNetwork net = NetworkFactory.create(config, 20);
        int[] ids = new int[53];
        for (int i = 0; i < ids.length; i++) ids[i] = (i * 7 + i / 3) % 20;
        INDArray probs = net.output(IdArrays.of(ids, ids.length - 1));
        double expected = 0;
        for (int t = 0; t + 1 < ids.length; t++) expected -= Math.log(probs.getDouble(0, ids[t + 1], t));

        Nll oneStream = Scorer.textNll(net, ids, 1, 5);
        assertEquals(52, oneStream.tokens());
        assertEquals(expected, oneStream.sum(), 1e-3);
        // four streams of 13 tokens in windows of 5: every token is still scored exactly once...
        Nll fourStreams = Scorer.textNll(net, ids, 4, 5);
        assertEquals(52, fourStreams.tokens());
        // ...but streams 1-3 start from a zero state, so the sum differs a little from one long pass
        assertNotEquals(expected, fourStreams.sum(), 1e-6);
        // five streams leave 2 tokens over, scored by continuing the last stream
        assertEquals(52, Scorer.textNll(net, ids, 5, 4).tokens());
    }

    @Test
    void dl4jScoreIsTheNllSummedOverTimeAndAveragedOverTheBatch() throws Exception {
        LmConfig config = TestData.tinyConfig(dir);
        MultiLayerNetwork net = NetworkFactory.create(config, 20);
        int[] ids = new int[25];
        for (int i = 0; i < ids.length; i++) ids[i] = (i * 3) % 20;
        var batches = new dev.lmkit.corpus.BpttBatches(ids, 4, 6);
        INDArray probs = net.output(batches.inputs(0));
        double sum = 0;
        for (int b = 0; b < 4; b++) for (int t = 0; t < 6; t++) sum -= Math.log(probs.getDouble(b, batches.label(b, 0, t), t));
        net.setInput(batches.inputs(0));
        net.setLabels(batches.labels(0));
        net.computeGradientAndScore();
        assertEquals(sum / 4, net.score(), 1e-4); // not sum / (4 * 6): per sequence, not per token
    }

    @Test
    void sentenceSurprisalsDoNotDependOnBatchingOrPadding() throws Exception {
        MultiLayerNetwork net = NetworkFactory.create(TestData.tinyConfig(dir), 20);
        List<int[]> sentences = List.of(new int[]{3, 4, 5, 1}, new int[]{6, 1}, new int[]{7, 8, 9, 10, 11, 1});
        List<double[]> together = Scorer.surprisals(net, sentences, 1, 8);
        for (int i = 0; i < sentences.size(); i++) {
            double[] alone = Scorer.surprisals(net, List.of(sentences.get(i)), 1, 1).get(0);
            assertArrayEquals(alone, together.get(i), 1e-5);
            assertEquals(sentences.get(i).length, alone.length);
        }
        // surprisal of the first token is -log2 P(token | context) from a fresh state
        INDArray p = net.output(IdArrays.of(new int[]{1}, 1));
        assertEquals(-Math.log(p.getDouble(0, 3, 0)) / Math.log(2), together.get(0)[0], 1e-5);
    }
}
