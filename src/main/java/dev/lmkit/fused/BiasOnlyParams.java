package dev.lmkit.fused;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parameters of a {@link TiedSoftmaxOutput}: its bias only, since its weights are the embedding's. */
final class BiasOnlyParams extends DefaultParamInitializer {
    static final BiasOnlyParams INSTANCE = new BiasOnlyParams();

    private BiasOnlyParams() {
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        return ((FeedForwardLayer) layer).getNOut();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return List.of(BIAS_KEY);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of();
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return List.of(BIAS_KEY);
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return false;
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return BIAS_KEY.equals(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        INDArray bias = paramsView.reshape(numParams(conf));
        if (initializeParams) bias.assign(((BaseLayer) conf.getLayer()).getBiasInit());
        return table(bias);
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return table(gradientView.reshape(numParams(conf)));
    }

    private static Map<String, INDArray> table(INDArray bias) {
        Map<String, INDArray> out = Collections.synchronizedMap(new LinkedHashMap<>());
        out.put(BIAS_KEY, bias);
        return out;
    }
}
