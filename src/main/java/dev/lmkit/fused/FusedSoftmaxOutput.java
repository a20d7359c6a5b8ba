package dev.lmkit.fused;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

import java.util.Collection;

/**
 * DL4J's softmax {@link RnnOutputLayer} with sparse cross-entropy, trained by
 * {@link FusedSoftmaxOutputLayer}; part of {@code model.impl: fused}. Same parameters and saved form.
 */
public class FusedSoftmaxOutput extends RnnOutputLayer {

    public FusedSoftmaxOutput() {
    }

    public static FusedSoftmaxOutput of(RnnOutputLayer stock) {
        if (!(stock.getActivationFn() instanceof ActivationSoftmax) || !(stock.getLossFn() instanceof LossSparseMCXENT)) {
            throw new IllegalArgumentException("the fused output layer supports softmax with sparse cross-entropy only");
        }
        return LayerConfigs.copy(stock, new FusedSoftmaxOutput(), RnnOutputLayer.class);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("FusedSoftmaxOutput", getLayerName(), layerIndex, getNIn(), getNOut());
        return LayerConfigs.wire(new FusedSoftmaxOutputLayer(conf, networkDataType), initializer(), conf, listeners, layerIndex, layerParamsView,
                initializeParams);
    }
}
