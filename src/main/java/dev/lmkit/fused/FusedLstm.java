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
    private double weightDrop;

    /** For Jackson, when a saved network is loaded. */
    public FusedLstm() {
    }

    /** The fused twin of a stock LSTM configuration (tanh block input, sigmoid gates, no peepholes). */
    public static FusedLstm of(LSTM stock) {
        return of(stock, 0);
    }

    /** @param weightDrop DropConnect on the recurrent weights in training: the probability that an entry is dropped for a batch */
    public static FusedLstm of(LSTM stock, double weightDrop) {
        if (!(stock.getActivationFn() instanceof ActivationTanH) || !(stock.getGateActivationFn() instanceof ActivationSigmoid)) {
            throw new IllegalArgumentException("the fused LSTM supports tanh activation with sigmoid gates only");
        }
        FusedLstm fused = LayerConfigs.copy(stock, new FusedLstm(), LSTM.class);
        fused.weightDrop = weightDrop;
        return fused;
    }

    /**
     * Weight drop (Wan et al. 2013's DropConnect on the recurrent matrix, as in Merity et al. 2018): in
     * training, each entry of RW is dropped for the whole window with this probability, the rest scaled by 1 / (1 − p).
     */
    public double getWeightDrop() {
        return weightDrop;
    }

    public void setWeightDrop(double weightDrop) {
        this.weightDrop = weightDrop;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("FusedLstm", getLayerName(), layerIndex, getNIn(), getNOut());
        return LayerConfigs.wire(new FusedLstmLayer(conf, networkDataType), initializer(), conf, listeners, layerIndex, layerParamsView,
                initializeParams);
    }
}
