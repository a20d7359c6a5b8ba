package dev.lmkit.train;

import dev.lmkit.config.ConfigLoader;
import dev.lmkit.corpus.BpttBatches;
import dev.lmkit.model.NetworkFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TrainingStepTest {
    private static final int V = 300, BATCH = 4, BPTT = 5;

    /** What a training step means, spelled out with DL4J's own updater: clip the per-example norm, update, subtract. */
    private static void referenceStep(MultiLayerNetwork net, INDArray inputs, INDArray labels, double clipNorm) {
        net.setInput(inputs);
        net.setLabels(labels);
        net.computeGradientAndScore();
        INDArray g = net.getGradientsViewArray();
        double norm = g.norm2Number().doubleValue() / BATCH;
        if (norm > clipNorm) g.muli(clipNorm / norm);
        net.getUpdater().update(net, net.gradient(), 0, 0, BATCH, LayerWorkspaceMgr.noWorkspaces());
        net.params().subi(g.reshape(net.params().shape()));
    }

    @ParameterizedTest(name = "{0}, clip {1}, {2}")
    @CsvSource({"sgd, 0.05, DOUBLE", "sgd, 1000, DOUBLE", "adam, 0.05, DOUBLE", "sgd, 0.05, FLOAT"})
    void takesTheSameStepAsDl4jsUpdater(String optimizer, double clipNorm, DataType dt) {
        var config = ConfigLoader.parse("model: {embedding: 32, hidden: [64], init_range: 0.3}\n"
                + "train: {optimizer: " + optimizer + ", lr: 0.7, batch: " + BATCH + ", bptt: " + BPTT + ", seed: 3}", "t", List.of());
        MultiLayerNetwork net = new MultiLayerNetwork(NetworkFactory.configuration(config, V, dt));
        net.init();
        MultiLayerNetwork reference = net.clone();
        INDArray before = net.params().dup();
        int[] ids = new int[BATCH * BPTT * 2 + 1];
        for (int i = 0; i < ids.length; i++) ids[i] = (i * 37 + i / 3) % V;
        BpttBatches batches = new BpttBatches(ids, BATCH, BPTT);

        var outcome = new TrainingStep(net, BATCH, clipNorm, StateReset.never()).run(batches.inputs(0), batches.labels(0), 0, 0);
        referenceStep(reference, batches.inputs(0), batches.labels(0), clipNorm);

        assertTrue(outcome.finite());
        assertEquals(reference.score() * BATCH, outcome.nll(), 1e-3);
        assertTrue(net.params().length() > 8_192, "big enough for the two-core split");
        double step = net.params().distance1(before), tolerance = dt == DataType.DOUBLE ? 1e-9 : 1e-3; // float: rounding
        assertTrue(step > 0);
        assertEquals(0, net.params().distance1(reference.params()) / step, tolerance, "parameters after the step");
        assertEquals(0, net.getGradientsViewArray().distance1(reference.getGradientsViewArray()) / step, tolerance,
                "the gradient array holds the applied update, as DL4J leaves it");
        assertNotEquals(0, net.getGradientsViewArray().amaxNumber().doubleValue());
    }
}
