package dev.lmkit.fused;

import dev.lmkit.LmkitException;
import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.BpttBatches;
import dev.lmkit.corpus.Vocabulary;
import dev.lmkit.interop.TorchExport;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.model.NetworkFactory;
import dev.lmkit.model.NextToken;
import dev.lmkit.model.TrainingState;
import dev.lmkit.train.StateReset;
import dev.lmkit.train.TrainingStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@code model.softmax: adaptive} in a network: trained, read, saved and refused where it has no meaning. */
class AdaptiveSoftmaxLayerTest {
    private static final int V = 13, BATCH = 3;
    /** Tied: the shortlist's 4 words score with their embedding rows (the embedding grows to the LSTM's 8 units). */
    private static final String[] TIED = {"model.tie_weights=true", "model.embedding=8"};
    @TempDir
    Path dir;

    private static LmConfig config(String... more) {
        return ConfigLoader.parse("model: {embedding: 6, hidden: [8], init_range: 0.5, softmax: adaptive, cutoffs: [4, 8], cutoff_div: 2}\n"
                + "train: {optimizer: sgd, batch: " + BATCH + ", bptt: 4, seed: 9, lr: 0.3, clip_norm: 5}", "a.yaml", List.of(more));
    }

    private static MultiLayerNetwork net(LmConfig config, DataType dt) {
        MultiLayerNetwork net = new MultiLayerNetwork(NetworkFactory.configuration(config, V, dt));
        net.init();
        return net;
    }

    private static BpttBatches batches() {
        int[] ids = new int[BATCH * 40 + 1];
        for (int i = 0; i < ids.length; i++) ids[i] = (i * 7 + i / 3) % V; // a repeating text: learnable
        return new BpttBatches(ids, BATCH, 4);
    }

    @Test
    void theLayerHoldsTheHeadAndClustersAndTheCountsSayIt() {
        MultiLayerNetwork net = net(config(), DataType.FLOAT);
        assertInstanceOf(AdaptiveSoftmaxOutputLayer.class, net.getOutputLayer());
        AdaptiveSoftmax.Shape s = new AdaptiveSoftmax.Shape(8, V, new int[]{4, 8}, 2);
        assertEquals(s.numParams(), net.getOutputLayer().numParams());
        assertEquals(8 * 6 + 6 + 8 * 4 + 4 * 4 + 8 * 2 + 2 * 5, s.numParams(), "head [8, 4+2] and bias, projections to 4 and 2 units, clusters of 4 and 5");
        assertEquals(NetworkFactory.parameters(config(), V), net.numParams());

        MultiLayerNetwork tied = net(config(TIED), DataType.FLOAT);
        AdaptiveSoftmax.Shape t = new AdaptiveSoftmax.Shape(8, V, new int[]{4, 8}, 2, true);
        assertEquals(s.numParams() - 8 * 4, t.numParams(), "tied, the shortlist's [8, 4] weights are the embedding's");
        assertEquals(t.numParams(), tied.getOutputLayer().numParams());
        assertEquals(NetworkFactory.parameters(config(TIED), V), tied.numParams());
    }

    @Test
    void gradientsMatchFiniteDifferencesWithDropoutOnItsInput() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            BpttBatches b = batches();
            for (String[] settings : List.of(new String[0], new String[]{"model.dropout_output=0.3"}, TIED,
                    new String[]{"model.tie_weights=true", "model.embedding=8", "model.dropout_output=0.3", "model.dropout_embedding=0.2"})) {
                MultiLayerNetwork net = net(config(settings), DataType.DOUBLE);
                double worst = FiniteDifferences.worstRelativeError(net, b.inputs(1).castTo(DataType.DOUBLE), b.labels(1).castTo(DataType.DOUBLE), 5);
                assertTrue(worst < 1e-4, String.join(", ", settings) + ": worst relative error " + worst);
            }
        } finally {
            Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        }
    }

    @Test
    void itLearnsAndReadsOutDistributionsThatItsTargetScoresAgreeWith() {
        learnsAndReadsOut(config());
        learnsAndReadsOut(config(TIED));
    }

    private static void learnsAndReadsOut(LmConfig config) {
        MultiLayerNetwork net = net(config, DataType.FLOAT);
        BpttBatches b = batches();
        TrainingStep step = new TrainingStep(net, BATCH, 5, StateReset.never());
        double first = 0, last = 0;
        for (int epoch = 0; epoch < 40; epoch++) {
            net.rnnClearPreviousState();
            double sum = 0;
            for (int w = 0; w < b.windows(); w++) sum += step.run(b.inputs(w), b.labels(w), w, epoch).nll();
            if (epoch == 0) first = sum;
            last = sum;
        }
        assertTrue(last < first / 5, "training loss " + first + " → " + last);

        net.rnnClearPreviousState();
        INDArray probs = NextToken.probabilities(net, b.inputs(0)); // rows t·batch + b
        INDArray rowSums = probs.sum(1);
        for (int r = 0; r < probs.size(0); r++) assertEquals(1.0, rowSums.getDouble(r), 1e-5, "row " + r);
        net.rnnClearPreviousState();
        INDArray below = NextToken.belowOutput(net, b.inputs(0));
        INDArray x2 = below.permute(2, 0, 1).dup('c').reshape(below.size(2) * below.size(0), below.size(1));
        int[] targets = new int[(int) probs.size(0)];
        for (int t = 0; t < 4; t++) for (int s = 0; s < BATCH; s++) targets[t * BATCH + s] = b.label(s, 0, t);
        double[] logp = ((AdaptiveSoftmaxOutputLayer) net.getOutputLayer()).logProbabilities(x2, targets);
        for (int r = 0; r < targets.length; r++) assertEquals(Math.log(probs.getDouble(r, targets[r])), logp[r], 1e-4, "row " + r);

        SingleStep fast = SingleStep.of(net);
        assertNotNull(fast, "batch-1 sampling reads the adaptive layer too");
        net.rnnClearPreviousState();
        INDArray stepped = fast.probabilities(new int[]{b.inputs(0).getInt(0, 0, 0), b.inputs(0).getInt(1, 0, 0), b.inputs(0).getInt(2, 0, 0)});
        assertTrue(stepped.equalsWithEps(probs.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, BATCH), org.nd4j.linalg.indexing.NDArrayIndex.all()), 1e-5));
    }

    /** eval and score take the target-only path ({@link NextToken#logProbabilities}); it must give what the full rows give. */
    @Test
    void scoringReadsTheTargetsWithoutTheRowsAndAgreesWithThem() {
        scoresAsTheRowsDo(config());
        scoresAsTheRowsDo(config(TIED));
    }

    private static void scoresAsTheRowsDo(LmConfig config) {
        MultiLayerNetwork net = net(config, DataType.FLOAT);
        int[] ids = new int[50];
        for (int i = 0; i < ids.length; i++) ids[i] = (i * 5 + i / 4) % V;
        double fromRows = 0;
        net.rnnClearPreviousState();
        INDArray probs = NextToken.probabilities(net, dev.lmkit.corpus.IdArrays.of(ids, ids.length - 1));
        for (int t = 0; t + 1 < ids.length; t++) fromRows -= Math.log(probs.getDouble(t, ids[t + 1]));
        assertEquals(fromRows, dev.lmkit.eval.Scorer.textNll(net, ids, 1, 7).sum(), 1e-4 * fromRows, "one stream in windows of 7, state carried");

        List<int[]> sentences = List.of(new int[]{3, 9, 12, 1}, new int[]{5, 1}, new int[]{11, 10, 4, 7, 2, 1});
        List<double[]> bits = dev.lmkit.eval.Scorer.surprisals(net, sentences, 1, 8);
        for (int i = 0; i < sentences.size(); i++) {
            int[] s = sentences.get(i), input = new int[s.length];
            input[0] = 1;
            System.arraycopy(s, 0, input, 1, s.length - 1);
            net.rnnClearPreviousState();
            INDArray rows = NextToken.probabilities(net, dev.lmkit.corpus.IdArrays.of(input, input.length));
            for (int t = 0; t < s.length; t++) {
                assertEquals(-Math.log(rows.getDouble(t, s[t])) / Math.log(2), bits.get(i)[t], 1e-4, "sentence " + i + ", token " + t);
            }
        }
    }

    @Test
    void aSavedModelLoadsBackWithTheSameOutputsAndExportIsRefused() {
        savesAndLoads(config(), "adaptive.zip");
        savesAndLoads(config(TIED), "tied.zip");
    }

    private void savesAndLoads(LmConfig config, String name) {
        List<String> words = new ArrayList<>(List.of("<unk>", "<eos>"));
        for (int i = 2; i < V; i++) words.add("w" + i);
        MultiLayerNetwork net = NetworkFactory.create(config, V);
        BpttBatches b = batches();
        new TrainingStep(net, BATCH, 5, StateReset.never()).run(b.inputs(0), b.labels(0), 0, 0);
        Path file = dir.resolve(name);
        ModelBundle bundle = new ModelBundle(net, new Vocabulary(words), config, TrainingState.start(1));
        bundle.save(file);
        MultiLayerNetwork loaded = ModelBundle.load(file).net();
        assertInstanceOf(AdaptiveSoftmaxOutputLayer.class, loaded.getOutputLayer());
        assertEquals(net.params(), loaded.params());
        net.rnnClearPreviousState();
        assertEquals(NextToken.probabilities(net, b.inputs(1)), NextToken.probabilities(loaded, b.inputs(1)));
        var e = assertThrows(LmkitException.class, () -> TorchExport.write(bundle, dir.resolve("a.pt")));
        assertTrue(e.getMessage().contains("model.softmax: adaptive"), e.getMessage());
    }

    /** A target id the vocabulary does not have is refused by both output layers, on the packed float path and on ND4J's double one. */
    @Test
    void aTargetOutsideTheVocabularyIsRefusedNotScored() {
        for (DataType dt : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            for (LmConfig c : List.of(config(), config("model.softmax=full", "model.cutoffs=[]"))) {
                MultiLayerNetwork net = net(c, dt);
                INDArray x2 = Nd4j.rand(dt, 3, 8);
                for (int bad : new int[]{-1, V}) {
                    var e = assertThrows(IllegalArgumentException.class, () -> targetLogProbabilities(net, x2, new int[]{0, bad, V - 1}));
                    assertEquals("target " + bad + " outside the vocabulary of 13 words", e.getMessage(), c.model().softmax() + ", " + dt);
                }
                assertEquals(3, targetLogProbabilities(net, x2, new int[]{0, 5, V - 1}).length);
            }
        }
    }

    private static double[] targetLogProbabilities(MultiLayerNetwork net, INDArray x2, int[] targets) {
        return ((FusedSoftmaxOutputLayer) net.getOutputLayer()).logProbabilities(x2, targets); // the adaptive layer overrides it
    }

    @Test
    void cutoffsThatDoNotSplitTheVocabularyAreOneLine() {
        var e = assertThrows(LmkitException.class, () -> NetworkFactory.create(config("model.cutoffs=[4, 13]"), V));
        assertEquals("model.cutoffs [4, 13] do not split a vocabulary of 13 words: the last cutoff must be below it", e.getMessage());
        assertThrows(LmkitException.class, () -> config("model.softmax=adaptive", "model.cutoffs=[]"));
        assertThrows(LmkitException.class, () -> config("model.cutoffs=[8, 4]"));
        assertThrows(LmkitException.class, () -> config("model.tie_weights=true", "model.hidden=[6]", "model.embedding=8"),
                "tied, the embedding must be as wide as the last LSTM layer");
    }
}
