package dev.lmkit.fused;

import dev.lmkit.model.TrainingState;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.model.NetworkFactory;
import dev.lmkit.TestData;
import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.BpttBatches;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class FusedLstmTest {
    private static final int V = 13;
    @TempDir
    Path dir;

    private static LmConfig config(String impl) {
        return ConfigLoader.parse("model: {embedding: 5, hidden: [7, 6], impl: " + impl + ", init_range: 0.5}\n"
                + "train: {batch: 3, bptt: 4, seed: 9}", "t", List.of());
    }

    private static MultiLayerNetwork net(String impl, DataType dt, BackpropType backprop) {
        MultiLayerConfiguration conf = NetworkFactory.configuration(config(impl), V, dt);
        conf.setBackpropType(backprop);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static BpttBatches batches() {
        int[] ids = new int[3 * 9 + 1];
        for (int i = 0; i < ids.length; i++) ids[i] = (i * 5 + i / 4) % V;
        return new BpttBatches(ids, 3, 4);
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance) {
        assertArrayEquals(expected.shape(), actual.shape());
        double scale = Math.max(1e-8, expected.norm2Number().doubleValue());
        double diff = expected.sub(actual).norm2Number().doubleValue();
        assertTrue(diff / scale < tolerance, "relative difference " + diff / scale);
    }

    @Test
    void sameWeightsGiveTheStockLayersOutputsAndGradientsFromAFreshState() {
        for (BackpropType backprop : BackpropType.values()) {
            MultiLayerNetwork stock = net("dl4j", DataType.DOUBLE, backprop);
            MultiLayerNetwork fused = net("fused", DataType.DOUBLE, backprop);
            fused.setParams(stock.params().dup());
            assertInstanceOf(FusedLstmLayer.class, fused.getLayer(1));
            BpttBatches b = batches();
            for (int w = 0; w < b.windows(); w++) {
                for (MultiLayerNetwork n : List.of(stock, fused)) {
                    n.rnnClearPreviousState();
                    n.setInput(b.inputs(w).castTo(DataType.DOUBLE));
                    n.setLabels(b.labels(w).castTo(DataType.DOUBLE));
                    n.computeGradientAndScore();
                }
                assertEquals(stock.score(), fused.score(), 1e-10 * Math.abs(stock.score()));
                assertClose(stock.getGradientsViewArray(), fused.getGradientsViewArray(), 1e-5);
            }
            assertClose(stock.output(b.inputs(0).castTo(DataType.DOUBLE)), fused.output(b.inputs(0).castTo(DataType.DOUBLE)), 1e-10);
        }
    }

    /** The float path (vectorized gates, softmax, direct BLAS) against the stock layers, with float rounding. */
    @Test
    void inFloatTheFastPathAgreesWithTheStockLayers() {
        String yaml = "model: {embedding: 12, hidden: [19, 16], init_range: 0.5}\ntrain: {batch: 3, bptt: 4, seed: 9}";
        MultiLayerNetwork stock = new MultiLayerNetwork(NetworkFactory.configuration(
                ConfigLoader.parse(yaml, "t", List.of("model.impl=dl4j")), V, DataType.FLOAT));
        MultiLayerNetwork fused = new MultiLayerNetwork(NetworkFactory.configuration(ConfigLoader.parse(yaml, "t", List.of()), V, DataType.FLOAT));
        stock.init();
        fused.init();
        fused.setParams(stock.params().dup());
        BpttBatches b = batches();
        for (MultiLayerNetwork n : List.of(stock, fused)) {
            n.setInput(b.inputs(1));
            n.setLabels(b.labels(1));
            n.computeGradientAndScore();
        }
        assertEquals(stock.score(), fused.score(), 1e-5 * Math.abs(stock.score()));
        assertClose(stock.getGradientsViewArray(), fused.getGradientsViewArray(), 1e-4);
        assertClose(stock.output(b.inputs(0)), fused.output(b.inputs(0)), 1e-5);
    }

    /**
     * With a carried state, d loss / d RW includes h(-1)ᵀ·dz(0) and the forget gate's gradient at the
     * first step uses c(-1). Finite differences confirm the fused layer's gradient; DL4J M2.1's stock
     * layer treats the carried state as zero in its backward pass, so it fails the same check.
     */
    @Test
    void carriedStateGradientsMatchFiniteDifferencesWhereTheStockLayerDoesNot() {
        MultiLayerNetwork fused = net("fused", DataType.DOUBLE, BackpropType.TruncatedBPTT);
        MultiLayerNetwork stock = net("dl4j", DataType.DOUBLE, BackpropType.TruncatedBPTT);
        stock.setParams(fused.params().dup());
        assertTrue(worstFiniteDifferenceError(fused) < 1e-3, "fused: " + worstFiniteDifferenceError(fused));
        assertTrue(worstFiniteDifferenceError(stock) > 1e-2, "stock: " + worstFiniteDifferenceError(stock));
    }

    /** Largest relative error between the analytic LSTM gradients and central differences on window 1, after window 0's state. */
    private static double worstFiniteDifferenceError(MultiLayerNetwork net) {
        BpttBatches b = batches();
        net.rnnClearPreviousState();
        net.setInput(b.inputs(0).castTo(DataType.DOUBLE));
        net.setLabels(b.labels(0).castTo(DataType.DOUBLE));
        net.computeGradientAndScore();
        net.updateRnnStateWithTBPTTState();
        INDArray x = b.inputs(1).castTo(DataType.DOUBLE), y = b.labels(1).castTo(DataType.DOUBLE);
        net.setInput(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        INDArray analytic = net.getGradientsViewArray().dup();
        INDArray params = net.params();
        long lstmStart = net.getLayer(0).numParams(), lstmEnd = lstmStart + net.getLayer(1).numParams() + net.getLayer(2).numParams();
        double worst = 0, eps = 1e-6;
        for (long i = lstmStart; i < lstmEnd; i += 7) {
            double p = params.getDouble(i);
            params.putScalar(i, p + eps);
            net.computeGradientAndScore();
            double up = net.score() * 3;   // score is the batch mean; the raw gradient is for the batch sum
            params.putScalar(i, p - eps);
            net.computeGradientAndScore();
            double down = net.score() * 3;
            params.putScalar(i, p);
            double numeric = (up - down) / (2 * eps), a = analytic.getDouble(0, i);
            double error = Math.abs(numeric - a) / Math.max(1e-4, Math.abs(numeric) + Math.abs(a));
            worst = Math.max(worst, error);
        }
        return worst;
    }

    @Test
    void passesDl4jsGradientCheckInDoublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            MultiLayerNetwork fused = net("fused", DataType.DOUBLE, BackpropType.Standard);
            BpttBatches b = batches();
            assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(fused)
                    .input(b.inputs(1).castTo(DataType.DOUBLE)).labels(b.labels(1).castTo(DataType.DOUBLE))
                    .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false)));
        } finally {
            Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        }
    }

    @Test
    void stepByStepGenerationMatchesTheWholeSequence() {
        MultiLayerNetwork fused = net("fused", DataType.FLOAT, BackpropType.TruncatedBPTT);
        INDArray x = batches().inputs(0);
        INDArray whole = fused.output(x);
        fused.rnnClearPreviousState();
        for (int t = 0; t < x.size(2); t++) {
            INDArray step = fused.rnnTimeStep(x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1)));
            assertClose(whole.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1)), step, 1e-5);
        }
    }

    @Test
    void aSavedFusedModelLoadsBackWithTheFusedLayer() throws Exception {
        LmConfig config = TestData.tinyConfig(dir, "model.impl=fused");
        var vocab = new dev.lmkit.corpus.Vocabulary(List.of("<unk>", "<eos>", "a", "b"));
        ModelBundle bundle = new ModelBundle(NetworkFactory.create(config, 4), vocab, config, TrainingState.start(1));
        Path file = dir.resolve("fused.zip");
        bundle.save(file);
        ModelBundle loaded = ModelBundle.load(file);
        assertInstanceOf(FusedLstmLayer.class, loaded.net().getLayer(1));
        INDArray x = Nd4j.createFromArray(new float[][][]{{{1, 2, 3}}});
        assertEquals(bundle.net().output(x), loaded.net().output(x));
    }
}
