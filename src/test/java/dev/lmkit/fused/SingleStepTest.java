package dev.lmkit.fused;

import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.IdArrays;
import dev.lmkit.model.NetworkFactory;
import dev.lmkit.model.NextToken;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class SingleStepTest {
    private static final int V = 53;

    @ParameterizedTest(name = "tied weights: {0}")
    @ValueSource(booleans = {false, true})
    void stepsGiveTheLayersOwnProbabilitiesAndStateForEveryStream(boolean tied) {
        LmConfig config = ConfigLoader.parse("model: {embedding: 24, hidden: [16, 24], init_range: 0.5, tie_weights: " + tied + "}",
                "test", List.of());
        MultiLayerNetwork layers = NetworkFactory.create(config, V), fast = layers.clone();
        SingleStep step = SingleStep.of(fast);
        assertNotNull(step);
        SplittableRandom random = new SplittableRandom(3);
        int batch = 3;
        float[] prime = new float[batch * 4];
        for (int i = 0; i < prime.length; i++) prime[i] = random.nextInt(V);
        NextToken.probabilities(layers, IdArrays.of(prime, batch, 4)); // a prime through the layers, as the sampler does
        NextToken.probabilities(fast, IdArrays.of(prime, batch, 4));
        for (int s = 0; s < 12; s++) {
            int[] ids = new int[batch];
            float[] asFloats = new float[batch];
            for (int b = 0; b < batch; b++) asFloats[b] = ids[b] = random.nextInt(V);
            INDArray expected = NextToken.probabilities(layers, IdArrays.of(asFloats, batch, 1)).dup();
            INDArray actual = step.probabilities(ids);
            assertEquals(0, expected.sub(actual).amaxNumber().doubleValue(), 1e-6, "step " + s);
        }
        for (int layer = 1; layer <= 2; layer++) {
            for (String key : layers.rnnGetPreviousState(layer).keySet()) {
                INDArray a = layers.rnnGetPreviousState(layer).get(key), b = fast.rnnGetPreviousState(layer).get(key);
                // several streams: both read the weights packed, in the same order, so the state is the same to the bit
                assertEquals(0, a.sub(b).amaxNumber().doubleValue(), 0.0, "layer " + layer + " " + key);
            }
        }
        float[] more = {1, 2, 3, 4, 5, 6};
        INDArray expected = NextToken.probabilities(layers, IdArrays.of(more, batch, 2)).dup();
        assertEquals(0, expected.sub(NextToken.probabilities(fast, IdArrays.of(more, batch, 2))).amaxNumber().doubleValue(), 1e-6,
                "the layers' own path goes on from the state the steps left");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"impl: dl4j", "dropout: 0.0"})
    void onlyFusedFloatNetworksHaveIt(String model) {
        LmConfig config = ConfigLoader.parse("model: {embedding: 8, hidden: [8], " + model + "}", "test", List.of());
        MultiLayerNetwork net = NetworkFactory.create(config, V);
        if (model.contains("dl4j")) assertNull(SingleStep.of(net));
        else assertNotNull(SingleStep.of(net));
    }
}
