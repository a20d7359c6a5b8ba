package dev.lmkit.fused;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * The configuration of lmkit's fused LSTM ({@code model.impl: fused}): DL4J's {@link LSTM} in every
 * respect — parameters, initialisation, serialisation, {@code rnnTimeStep} — but run by
 * {@link FusedLstmLayer}. Saved networks name this class, so they load back with the same layer.
 */
public class FusedLstm extends LSTM {

    /** For Jackson, when a saved network is loaded. */
    public FusedLstm() {
    }

    /** The fused twin of a stock LSTM configuration (tanh block input, sigmoid gates, no peepholes). */
    public static FusedLstm of(LSTM stock) {
        if (!(stock.getActivationFn() instanceof ActivationTanH) || !(stock.getGateActivationFn() instanceof ActivationSigmoid)) {
            throw new IllegalArgumentException("the fused LSTM supports tanh activation with sigmoid gates only");
        }
        return LayerConfigs.copy(stock, new FusedLstm(), LSTM.class);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("FusedLstm", getLayerName(), layerIndex, getNIn(), getNOut());
        return LayerConfigs.wire(new FusedLstmLayer(conf, networkDataType), initializer(), conf, listeners, layerIndex, layerParamsView,
                initializeParams);
    }
}
