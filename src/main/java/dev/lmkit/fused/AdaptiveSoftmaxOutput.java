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
 * The output layer of {@code model.softmax: adaptive}: {@link AdaptiveSoftmax} over the vocabulary ({@code nOut}), its
 * parameters one flat block in {@link AdaptiveSoftmax.Params}'s order, trained and read by {@link AdaptiveSoftmaxOutputLayer}.
 * Tied ({@code model.tie_weights}), the head's shortlist words score with their embedding rows, as {@link TiedSoftmaxOutput}
 * scores every word: the matrix is in the network's vector once, and the flat block holds the rest.
 */
public class AdaptiveSoftmaxOutput extends FusedSoftmaxOutput {
    private int[] cutoffs;
    private double div;
    private long embeddingDistance; // > 0: tied, the embedding's weights start this many values before this layer's

    /** For DL4J's configuration cloning. */
    public AdaptiveSoftmaxOutput() {
    }

    public static AdaptiveSoftmaxOutput of(RnnOutputLayer stock, int[] cutoffs, double div) {
        AdaptiveSoftmaxOutput adaptive = LayerConfigs.copy(FusedSoftmaxOutput.of(stock), new AdaptiveSoftmaxOutput(), RnnOutputLayer.class);
        adaptive.cutoffs = cutoffs.clone();
        adaptive.div = div;
        adaptive.shape(); // refuses cutoffs that do not split the vocabulary
        return adaptive;
    }

    /** Tied: the shortlist's weights are the embedding's first rows, found {@code embeddingDistance} values before this layer's parameters. */
    public static AdaptiveSoftmaxOutput tied(RnnOutputLayer stock, int[] cutoffs, double div, long embeddingDistance) {
        AdaptiveSoftmaxOutput adaptive = of(stock, cutoffs, div);
        adaptive.embeddingDistance = embeddingDistance;
        return adaptive;
    }

    public AdaptiveSoftmax.Shape shape() {
        return new AdaptiveSoftmax.Shape((int) getNIn(), (int) getNOut(), cutoffs, div, embeddingDistance > 0);
    }

    public long getEmbeddingDistance() {
        return embeddingDistance;
    }

    public void setEmbeddingDistance(long embeddingDistance) {
        this.embeddingDistance = embeddingDistance;
    }

    public int[] getCutoffs() {
        return cutoffs.clone();
    }

    public void setCutoffs(int[] cutoffs) {
        this.cutoffs = cutoffs.clone();
    }

    public double getDiv() {
        return div;
    }

    public void setDiv(double div) {
        this.div = div;
    }

    @Override
    public ParamInitializer initializer() {
        return AdaptiveSoftmaxParams.INSTANCE;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return LayerConfigs.wire(new AdaptiveSoftmaxOutputLayer(conf, networkDataType), initializer(), conf, listeners, layerIndex,
                layerParamsView, initializeParams);
    }
}
