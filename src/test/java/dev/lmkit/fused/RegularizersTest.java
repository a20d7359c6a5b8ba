package dev.lmkit.fused;

import dev.lmkit.LmkitException;
import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.BpttBatches;
import dev.lmkit.corpus.Vocabulary;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.model.NetworkFactory;
import dev.lmkit.model.TrainingState;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The AWD-LSTM regularizers: locked dropout, embedding dropout, weight drop, AR and TAR. */
class RegularizersTest {
    private static final int V = 11, BATCH = 3;
    @TempDir
    Path dir;

    private static LmConfig config(String... overrides) {
        return ConfigLoader.parse("model: {embedding: 6, hidden: [7, 6], init_range: 0.5}\n"
                + "train: {batch: " + BATCH + ", bptt: 4, seed: 9, lr: 1.0}", "t.yaml", List.of(overrides));
    }

    private static MultiLayerNetwork net(LmConfig config, DataType dt) {
        MultiLayerNetwork net = new MultiLayerNetwork(NetworkFactory.configuration(config, V, dt));
        net.init();
        return net;
    }

    private static BpttBatches batches() {
        int[] ids = new int[BATCH * 8 + 1];
        for (int i = 0; i < ids.length; i++) ids[i] = (i * 7 + i / 3) % V;
        return new BpttBatches(ids, BATCH, 4);
    }

    @Test
    void lockedDropoutKeepsOneMaskPerSequenceAndFeatureAcrossTime() {
        LockedDropout dropout = new LockedDropout(0.4);
        INDArray ones = Nd4j.ones(DataType.DOUBLE, 40, 50, 9);
        INDArray out = dropout.applyDropout(ones, ones.dup(), 0, 0, LayerWorkspaceMgr.noWorkspaces());
        int dropped = 0;
        for (int b = 0; b < 40; b++) {
            for (int f = 0; f < 50; f++) {
                double first = out.getDouble(b, f, 0);
                assertTrue(first == 0 || Math.abs(first - 1 / 0.6) < 1e-12, "kept features are scaled by 1 / (1 - rate)");
                for (int t = 1; t < 9; t++) assertEquals(first, out.getDouble(b, f, t), "the same mask at every step");
                if (first == 0) dropped++;
            }
        }
        assertEquals(0.4, dropped / 2000.0, 0.05);
        INDArray grad = dropout.backprop(Nd4j.ones(DataType.DOUBLE, 40, 50, 9), Nd4j.zeros(DataType.DOUBLE, 40, 50, 9), 0, 0);
        assertEquals(out, grad, "the backward pass uses the forward pass's mask");
    }

    @Test
    void embeddingDropoutDropsWholeWordTypesForTheBatch() {
        MultiLayerNetwork net = net(config("model.dropout_embedding=0.5"), DataType.DOUBLE);
        BpttBatches b = batches();
        INDArray ids = b.inputs(0);
        INDArray plain = net.getLayer(0).activate(ids.castTo(DataType.DOUBLE), false, LayerWorkspaceMgr.noWorkspaces()).dup();
        Nd4j.getRandom().setSeed(1);
        INDArray dropped = net.getLayer(0).activate(ids.castTo(DataType.DOUBLE), true, LayerWorkspaceMgr.noWorkspaces()).dup();
        Set<Integer> zeroed = new HashSet<>(), kept = new HashSet<>();
        for (int s = 0; s < BATCH; s++) {
            for (int t = 0; t < ids.size(1); t++) {
                int id = ids.getInt(s, t);
                INDArray before = plain.get(pt(s), all(), pt(t)), after = dropped.get(pt(s), all(), pt(t));
                if (after.amaxNumber().doubleValue() == 0) zeroed.add(id); else kept.add(id);
                if (after.amaxNumber().doubleValue() != 0) assertEquals(before.mul(2), after, "kept rows are scaled by 1 / (1 - 0.5)");
            }
        }
        assertFalse(zeroed.isEmpty() || kept.isEmpty(), "some types dropped, some kept");
        zeroed.retainAll(kept);
        assertEquals(Set.of(), zeroed, "a type is dropped at every position or at none");
    }

    @Test
    void everyRegularizerAndAllTogetherGiveExactGradientsWithFixedMasks() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            List<String[]> cases = List.of(new String[]{"model.dropout_input=0.3"}, new String[]{"model.dropout_hidden=0.3"},
                    new String[]{"model.dropout_output=0.3"}, new String[]{"model.dropout_embedding=0.3"}, new String[]{"model.weight_drop=0.4"},
                    new String[]{"model.dropout=0.3"},
                    new String[]{"model.dropout_input=0.3", "model.dropout_hidden=0.25", "model.dropout_output=0.35",
                            "model.dropout_embedding=0.2", "model.weight_drop=0.4", "model.tie_weights=true"});
            BpttBatches b = batches();
            for (String[] regularizers : cases) {
                MultiLayerNetwork net = net(config(regularizers), DataType.DOUBLE);
                double worst = FiniteDifferences.worstRelativeError(net, b.inputs(1).castTo(DataType.DOUBLE), b.labels(1).castTo(DataType.DOUBLE), 77);
                assertTrue(worst < 1e-4, String.join(", ", regularizers) + ": worst relative error " + worst);
            }
        } finally {
            Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        }
    }

    @Test
    void arAndTarAreThePapersMeansScaledToTheSummedLossWithExactGradients() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            BpttBatches b = batches();
            INDArray x = b.inputs(1).castTo(DataType.DOUBLE), y = b.labels(1).castTo(DataType.DOUBLE);
            MultiLayerNetwork net = net(config(), DataType.DOUBLE);
            FusedSoftmaxOutputLayer output = (FusedSoftmaxOutputLayer) net.getOutputLayer();
            output.penalize(new ActivationPenalty(2, 1));
            net.setInput(x);
            net.setLabels(y);
            net.computeGradientAndScore();
            INDArray h = net.feedForward(x, false).get(3); // the last LSTM's output [batch, units, steps]
            long steps = h.size(2), tokens = h.size(0) * steps;
            INDArray change = h.get(all(), all(), interval(1, steps)).sub(h.get(all(), all(), interval(0, steps - 1)));
            double expected = tokens * (2 * h.mul(h).meanNumber().doubleValue() + 1 * change.mul(change).meanNumber().doubleValue());
            assertEquals(expected, output.lastPenalty(), 1e-12 * expected);

            MultiLayerNetwork dropped = net(config("model.dropout_output=0.3", "model.dropout_hidden=0.2"), DataType.DOUBLE);
            ((FusedSoftmaxOutputLayer) dropped.getOutputLayer()).penalize(new ActivationPenalty(2, 1));
            double worst = FiniteDifferences.worstRelativeError(dropped, x, y, 5);
            assertTrue(worst < 1e-4, "worst relative error " + worst);
        } finally {
            Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        }
    }

    @Test
    void theNumberObjectiveGivesExactGradientsThroughTheDroppedNetwork() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            BpttBatches b = batches();
            INDArray x = b.inputs(1).castTo(DataType.DOUBLE), y = b.labels(1).castTo(DataType.DOUBLE);
            MultiLayerNetwork net = net(config("model.dropout_output=0.3", "model.dropout_hidden=0.2", "model.tie_weights=true"), DataType.DOUBLE);
            NumberObjective number = new NumberObjective(1.5, 6);
            number.weights().assign(Nd4j.linspace(-1, 1, 6, DataType.FLOAT).reshape(6, 1));
            int[] targets = new int[BATCH * 4];
            for (int r = 0; r < targets.length; r++) targets[r] = r % 3 - 1; // none, singular, plural
            number.target(targets);
            FusedSoftmaxOutputLayer output = (FusedSoftmaxOutputLayer) net.getOutputLayer();
            output.predictNumber(number);
            double worst = FiniteDifferences.worstRelativeError(net, x, y, 5);
            assertTrue(worst < 1e-4, "worst relative error " + worst);
            assertTrue(output.lastPenalty() > 0, "the objective's loss is part of the score");
        } finally {
            Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        }
    }

    @Test
    void weightDropChangesTrainingOutputsOnlyAndDroppedEntriesGetNoGradient() {
        MultiLayerNetwork net = net(config("model.weight_drop=0.5"), DataType.FLOAT);
        BpttBatches b = batches();
        net.setInput(b.inputs(0));
        net.setLabels(b.labels(0));
        Nd4j.getRandom().setSeed(3);
        net.computeGradientAndScore();
        double trainingScore = net.score();
        INDArray rwGradient = net.getLayer(1).getGradientsViewArray(); // W, RW, b of the first LSTM
        long zeros = rwGradient.eq(0).castTo(DataType.INT32).sumNumber().longValue();
        assertTrue(zeros > rwGradient.length() / 5, "about half of RW's entries (a third of the layer's parameters) get no gradient: " + zeros);
        net.rnnClearPreviousState();
        assertEquals(net.output(b.inputs(0)), net.output(b.inputs(0)), "no dropout at inference");
        net.rnnClearPreviousState();
        assertNotEquals(trainingScore, net.score(new org.nd4j.linalg.dataset.DataSet(b.inputs(0), b.labels(0)), false), 1e-9);
    }

    @Test
    void aSavedModelKeepsItsRegularizers() throws Exception {
        LmConfig config = config("model.dropout_input=0.3", "model.dropout_hidden=0.25", "model.dropout_output=0.35",
                "model.dropout_embedding=0.2", "model.weight_drop=0.4");
        List<String> words = new ArrayList<>(List.of("<unk>", "<eos>"));
        for (int i = 2; i < V; i++) words.add("w" + i);
        Path file = dir.resolve("m.zip");
        new ModelBundle(NetworkFactory.create(config, V), new Vocabulary(words), config, TrainingState.start(1)).save(file);
        var layers = ModelBundle.load(file).net().getLayerWiseConfigurations();
        assertEquals(0.2, ((FusedEmbedding) layers.getConf(0).getLayer()).getTypeDropout());
        assertEquals(0.3, ((LockedDropout) layers.getConf(1).getLayer().getIDropout()).getRate());
        assertEquals(0.4, ((FusedLstm) layers.getConf(1).getLayer()).getWeightDrop());
        assertEquals(0.25, ((LockedDropout) layers.getConf(2).getLayer().getIDropout()).getRate());
        assertEquals(0.35, ((LockedDropout) layers.getConf(3).getLayer().getIDropout()).getRate());
    }

    @Test
    void theRegularizersNeedTheFusedLayersAndOneKindOfDropout() {
        assertEquals("config key 'model' dropout_input, dropout_hidden, dropout_output, dropout_embedding and weight_drop need impl: fused in x.yaml",
                assertThrows(LmkitException.class, () -> ConfigLoader.parse("model: {weight_drop: 0.5, impl: dl4j}", "x.yaml", List.of())).getMessage());
        assertEquals("config key 'model' dropout (per element) and dropout_input/hidden/output (locked) are alternatives: set one kind in x.yaml",
                assertThrows(LmkitException.class, () -> ConfigLoader.parse("model: {dropout: 0.5, dropout_output: 0.5}", "x.yaml", List.of())).getMessage());
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex pt(long i) {
        return org.nd4j.linalg.indexing.NDArrayIndex.point(i);
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex all() {
        return org.nd4j.linalg.indexing.NDArrayIndex.all();
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex interval(long from, long to) {
        return org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to);
    }
}
