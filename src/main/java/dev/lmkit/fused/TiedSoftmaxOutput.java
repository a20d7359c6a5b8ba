package dev.lmkit.fused;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * The softmax output layer of a tied model ({@code model.tie_weights}): its weights are the
 * network's embedding matrix, transposed — not a copy — and it owns only its bias. So the network's
 * flat parameter and gradient vectors hold the shared matrix once, and clipping, the optimizer's
 * state and the saved model count it once. The layer finds the matrix at a fixed distance before its
 * own parameters: the first layer's weights start that many parameters earlier in the same vector.
 */
public class TiedSoftmaxOutput extends FusedSoftmaxOutput {
    private long embeddingDistance;

    /** For Jackson, when a saved network is loaded. */
    public TiedSoftmaxOutput() {
    }

    /** @param embeddingDistance the number of parameters of all layers before this one (the embedding's weights come first) */
    public static TiedSoftmaxOutput of(RnnOutputLayer stock, long embeddingDistance) {
        TiedSoftmaxOutput tied = LayerConfigs.copy(FusedSoftmaxOutput.of(stock), new TiedSoftmaxOutput(), RnnOutputLayer.class);
        tied.embeddingDistance = embeddingDistance;
        return tied;
    }

    public long getEmbeddingDistance() {
        return embeddingDistance;
    }

    public void setEmbeddingDistance(long embeddingDistance) {
        this.embeddingDistance = embeddingDistance;
    }

    @Override
    public ParamInitializer initializer() {
        return BiasOnlyParams.INSTANCE;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return LayerConfigs.wire(new TiedSoftmaxOutputLayer(conf, networkDataType), initializer(), conf, listeners, layerIndex,
                layerParamsView, initializeParams);
    }
}
