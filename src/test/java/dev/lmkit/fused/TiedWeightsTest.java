package dev.lmkit.fused;

import dev.lmkit.LmkitException;
import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.BpttBatches;
import dev.lmkit.corpus.Vocabulary;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.model.NetworkFactory;
import dev.lmkit.model.TrainingState;
import dev.lmkit.train.StateReset;
import dev.lmkit.train.TrainingStep;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
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

/** {@code model.tie_weights}: the softmax weights are the embedding matrix, one parameter used twice. */
class TiedWeightsTest {
    private static final int V = 11, E = 6, BATCH = 3;
    @TempDir
    Path dir;

    private static LmConfig config(boolean tied, String... more) {
        List<String> overrides = new ArrayList<>(List.of("model.tie_weights=" + tied));
        overrides.addAll(List.of(more));
        return ConfigLoader.parse("model: {embedding: " + E + ", hidden: [7, " + E + "], init_range: 0.5}\n"
                + "train: {batch: " + BATCH + ", bptt: 4, seed: 9, lr: 0.7, clip_norm: 0.05}", "t.yaml", overrides);
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

    /** An untied network with the tied one's weights: its softmax weights a copy of the embedding, transposed. */
    private static MultiLayerNetwork untiedTwin(MultiLayerNetwork tied) {
        MultiLayerNetwork untied = net(config(false), tied.params().dataType());
        INDArray embedding = tied.getLayer(0).getParam("W");
        untied.getLayer(0).getParam("W").assign(embedding);
        for (int layer = 1; layer <= 2; layer++) {
            for (String key : List.of("W", "RW", "b")) untied.getLayer(layer).getParam(key).assign(tied.getLayer(layer).getParam(key));
        }
        untied.getLayer(3).getParam("W").assign(embedding.transpose());
        untied.getLayer(3).getParam("b").assign(tied.getLayer(3).getParam("b"));
        return untied;
    }

    private static void gradients(MultiLayerNetwork net, BpttBatches b) {
        net.rnnClearPreviousState();
        net.setInput(b.inputs(0).castTo(net.params().dataType()));
        net.setLabels(b.labels(0).castTo(net.params().dataType()));
        net.computeGradientAndScore();
    }

    /** The tied gradient as it must be: the untied twin's, with the two uses of the matrix summed. */
    private static INDArray expectedGradient(MultiLayerNetwork untied) {
        var g = untied.gradient().gradientForVariable();
        INDArray shared = g.get("0_W").add(g.get("3_W").transpose());
        List<INDArray> parts = new ArrayList<>(List.of(shared.reshape('f', 1, shared.length())));
        for (String key : List.of("1_W", "1_RW", "1_b", "2_W", "2_RW", "2_b", "3_b")) {
            parts.add(g.get(key).reshape('f', 1, g.get(key).length()));
        }
        return Nd4j.hstack(parts.toArray(INDArray[]::new));
    }

    @Test
    void theSoftmaxLayerOwnsOnlyItsBiasAndTheCountsSayIt() {
        MultiLayerNetwork tied = net(config(true), DataType.FLOAT);
        assertInstanceOf(TiedSoftmaxOutputLayer.class, tied.getLayer(3));
        assertEquals(List.of("b"), List.copyOf(tied.getLayer(3).paramTable().keySet()));
        assertEquals(NetworkFactory.parameters(config(true), V), tied.numParams());
        assertEquals(NetworkFactory.parameters(config(false), V) - (long) E * V, tied.numParams());
        assertEquals(tied.numParams(), tied.params().length());
    }

    @Test
    void theGradientIsBothUsesSummedAndPassesDl4jsGradientCheck() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            MultiLayerNetwork tied = net(config(true), DataType.DOUBLE);
            MultiLayerNetwork untied = untiedTwin(tied);
            BpttBatches b = batches();
            gradients(tied, b);
            gradients(untied, b);
            assertEquals(untied.score(), tied.score(), 1e-12 * untied.score());
            INDArray expected = expectedGradient(untied), actual = tied.getGradientsViewArray();
            assertEquals(0, expected.sub(actual).amaxNumber().doubleValue(), 1e-12 * expected.amaxNumber().doubleValue());
            assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net(config(true, "train.lr=1.0"), DataType.DOUBLE))
                    .input(b.inputs(1).castTo(DataType.DOUBLE)).labels(b.labels(1).castTo(DataType.DOUBLE))
                    .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false)));
        } finally {
            Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        }
    }

    /** One clipped SGD step moves the shared matrix once, by the summed gradient, with the norm counting it once. */
    @Test
    void oneClippedSgdStepEqualsTheStepComputedFromTheUntiedTwin() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            LmConfig config = config(true);
            MultiLayerNetwork tied = net(config, DataType.DOUBLE);
            MultiLayerNetwork untied = untiedTwin(tied);
            BpttBatches b = batches();
            gradients(untied, b);
            INDArray g = expectedGradient(untied);
            double norm = g.norm2Number().doubleValue() / BATCH;
            assertTrue(norm > config.train().clipNorm(), "the test needs clipping to be active");
            INDArray expected = tied.params().sub(g.mul(config.train().lr() * (config.train().clipNorm() / norm) / BATCH));
            var outcome = new TrainingStep(tied, BATCH, config.train().clipNorm(), StateReset.never())
                    .run(b.inputs(0).castTo(DataType.DOUBLE), b.labels(0).castTo(DataType.DOUBLE), 0, 0);
            assertEquals(norm, outcome.gradientNorm(), 1e-12 * norm);
            assertEquals(0, expected.sub(tied.params()).amaxNumber().doubleValue(), 1e-12);
        } finally {
            Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        }
    }

    @Test
    void adamKeepsOneStateForTheSharedMatrix() {
        MultiLayerNetwork tied = net(config(true, "train.optimizer=adam"), DataType.FLOAT);
        BpttBatches b = batches();
        new TrainingStep(tied, BATCH, 0, StateReset.never()).run(b.inputs(0), b.labels(0), 0, 0);
        assertEquals(2 * tied.numParams(), tied.getUpdater().getStateViewArray().length());
    }

    @Test
    void aSavedTiedModelLoadsBackTiedWithTheSameOutputs() throws Exception {
        LmConfig config = config(true);
        List<String> words = new ArrayList<>(List.of("<unk>", "<eos>"));
        for (int i = 2; i < V; i++) words.add("w" + i);
        MultiLayerNetwork net = NetworkFactory.create(config, V);
        BpttBatches b = batches();
        new TrainingStep(net, BATCH, 0, StateReset.never()).run(b.inputs(0), b.labels(0), 0, 0);
        Path file = dir.resolve("tied.zip");
        new ModelBundle(net, new Vocabulary(words), config, TrainingState.start(1)).save(file);
        MultiLayerNetwork loaded = ModelBundle.load(file).net();
        assertInstanceOf(TiedSoftmaxOutputLayer.class, loaded.getLayer(3));
        assertEquals(net.params(), loaded.params());
        net.rnnClearPreviousState();
        assertEquals(net.output(b.inputs(1)), loaded.output(b.inputs(1)));
        // the loaded layer reads the loaded network's matrix, not a copy: a change to the embedding shows in the output
        loaded.getLayer(0).getParam("W").muli(2);
        assertNotEquals(net.output(b.inputs(1)), loaded.output(b.inputs(1)));
    }

    @Test
    void tyingNeedsMatchingSizesAndTheFusedLayers() {
        assertEquals("config key 'model' tie_weights needs the last hidden size (7) to equal embedding (6): the softmax weights are the "
                + "embedding matrix in x.yaml", assertThrows(LmkitException.class, () -> ConfigLoader.parse(
                "model: {embedding: 6, hidden: [6, 7], tie_weights: true}", "x.yaml", List.of())).getMessage());
        assertEquals("config key 'model' tie_weights needs impl: fused (DL4J's stock layers cannot share a weight matrix) in x.yaml",
                assertThrows(LmkitException.class, () -> ConfigLoader.parse(
                        "model: {embedding: 6, hidden: [6], tie_weights: true, impl: dl4j}", "x.yaml", List.of())).getMessage());
    }
}
