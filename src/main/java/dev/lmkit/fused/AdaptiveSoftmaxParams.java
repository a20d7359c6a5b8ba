package dev.lmkit.fused;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parameters of an {@link AdaptiveSoftmaxOutput}: one block "W" holding all of {@link AdaptiveSoftmax.Params}; weights drawn as the network's init says, the head bias zero. */
final class AdaptiveSoftmaxParams extends DefaultParamInitializer {
    static final AdaptiveSoftmaxParams INSTANCE = new AdaptiveSoftmaxParams();

    private AdaptiveSoftmaxParams() {
    }

    private static AdaptiveSoftmax.Shape shape(Layer layer) {
        return ((AdaptiveSoftmaxOutput) layer).shape();
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        return shape(layer).numParams();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return List.of(WEIGHT_KEY);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(WEIGHT_KEY);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return List.of();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return WEIGHT_KEY.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return false;
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        INDArray all = paramsView.reshape(1, paramsView.length());
        if (initializeParams) {
            AdaptiveSoftmax.Shape s = shape(conf.getLayer());
            var init = ((BaseLayer) conf.getLayer()).getWeightInitFn();
            int headColumns = s.tied() ? s.clusters() : s.headSize(); // tied: the shortlist's weights are the embedding's
            INDArray head = all.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, (long) s.nIn() * headColumns)).reshape('c', s.nIn(), headColumns);
            if (headColumns > 0) init.init(s.nIn(), s.headSize(), head.shape(), 'c', head);
            AdaptiveSoftmax.Params p = AdaptiveSoftmax.Params.of(s, all, null);
            p.headBias().assign(0);
            for (int i = 0; i < s.clusters(); i++) {
                init.init(s.nIn(), s.projected(i), p.projections().get(i).shape(), 'c', p.projections().get(i));
                init.init(s.projected(i), s.size(i), p.outputs().get(i).shape(), 'c', p.outputs().get(i));
            }
        }
        return table(all);
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return table(gradientView.reshape(1, gradientView.length()));
    }

    private static Map<String, INDArray> table(INDArray all) {
        Map<String, INDArray> out = Collections.synchronizedMap(new LinkedHashMap<>());
        out.put(WEIGHT_KEY, all);
        return out;
    }
}
