package dev.lmkit.fused;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * DL4J's {@link EmbeddingSequenceLayer} (same parameters and saved form) run by {@link FusedEmbeddingLayer},
 * which can share its weight matrix with a {@link TiedSoftmaxOutput} (then its gradient is added to
 * the one the output layer left in the shared matrix instead of replacing it) and drop word types.
 */
public class FusedEmbedding extends EmbeddingSequenceLayer {
    private boolean sharedWithOutput;
    private double typeDropout;

    /** For Jackson, when a saved network is loaded. */
    public FusedEmbedding() {
    }

    /**
     * @param sharedWithOutput the softmax layer uses this matrix too (tied weights)
     * @param typeDropout      the probability that a word type is dropped for a batch (embedding dropout), 0 for none
     */
    public static FusedEmbedding of(EmbeddingSequenceLayer stock, boolean sharedWithOutput, double typeDropout) {
        if (!(stock.getActivationFn() instanceof ActivationIdentity) || stock.hasBias()) {
            throw new IllegalArgumentException("the fused embedding supports the identity activation without bias only");
        }
        FusedEmbedding fused = LayerConfigs.copy(stock, new FusedEmbedding(), EmbeddingSequenceLayer.class);
        fused.sharedWithOutput = sharedWithOutput;
        fused.typeDropout = typeDropout;
        return fused;
    }

    /** True when the softmax layer uses this matrix too (tied weights). */
    public boolean isSharedWithOutput() {
        return sharedWithOutput;
    }

    public void setSharedWithOutput(boolean sharedWithOutput) {
        this.sharedWithOutput = sharedWithOutput;
    }

    /**
     * Embedding dropout (Gal &amp; Ghahramani 2016; Merity et al. 2018): in training, each word type's
     * row is dropped for the whole batch with this probability and the kept rows scaled by 1 / (1 − p).
     */
    public double getTypeDropout() {
        return typeDropout;
    }

    public void setTypeDropout(double typeDropout) {
        this.typeDropout = typeDropout;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return LayerConfigs.wire(new FusedEmbeddingLayer(conf, networkDataType), initializer(), conf, listeners, layerIndex, layerParamsView,
                initializeParams);
    }
}
