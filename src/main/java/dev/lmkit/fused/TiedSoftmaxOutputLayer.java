package dev.lmkit.fused;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link TiedSoftmaxOutput}'s layer: {@link FusedSoftmaxOutputLayer} whose weights [nIn, vocab] are a
 * transposed view of the embedding matrix [vocab, nIn] (column-major, so the view is row-major), in
 * the network's parameter vector and, for the weight gradient, in its gradient vector. The gradient
 * written here is completed by {@link FusedEmbeddingLayer}, which adds the lookup's share.
 */
public class TiedSoftmaxOutputLayer extends FusedSoftmaxOutputLayer {
    private INDArray embedding;
    private INDArray embeddingGradient;

    public TiedSoftmaxOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public void setParamsViewArray(INDArray params) {
        super.setParamsViewArray(params);
        embedding = embeddingIn(params);
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray gradients) {
        super.setBackpropGradientsViewArray(gradients);
        embeddingGradient = embeddingIn(gradients);
    }

    /** The embedding matrix inside the vector that {@code ownView} (this layer's slice) is part of. */
    private INDArray embeddingIn(INDArray ownView) {
        return embeddingIn(ownView, ((TiedSoftmaxOutput) layerConf()).getEmbeddingDistance(), layerConf().getNOut(), layerConf().getNIn());
    }

    /**
     * The embedding matrix [vocab, nIn] (column-major) that starts {@code distance} values before {@code ownView} in the
     * network's parameter or gradient vector: what a tied output layer's weights are.
     */
    static INDArray embeddingIn(INDArray ownView, long distance, long vocab, long nIn) {
        long start = ownView.offset() - distance;
        if (distance <= 0 || start < 0 || ownView.data().originalDataBuffer().length() < start + vocab * nIn) {
            throw new IllegalStateException("tied output layer: the embedding matrix is not where the network's parameters should hold it");
        }
        return Nd4j.create(ownView.data().originalDataBuffer(), new long[]{vocab, nIn}, new long[]{1, vocab}, start, 'f');
    }

    @Override
    protected INDArray weights() {
        return embedding.transpose();
    }

    @Override
    protected INDArray weightGradient() {
        return embeddingGradient.transpose();
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        if (training || maskArray != null || input.rank() != 3) {
            throw new UnsupportedOperationException("a tied output layer computes inference outputs for unmasked sequences only");
        }
        return super.activate(false, mgr);
    }

    /** The loss without a backward pass (DL4J's {@code score(DataSet)}, gradient checks): NLL summed over time, averaged over the batch. */
    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr mgr) {
        if (scoredByBackprop()) return super.computeScore(fullNetRegTerm, training, mgr);
        if (training && layerConf().getIDropout() != null) throw new UnsupportedOperationException("a tied output layer scores with dropout only in its backward pass");
        int batch = (int) input.size(0), steps = (int) input.size(2);
        INDArray p = probabilities(input);
        INDArray y = labels.dup('c'); // [batch, 1, steps]
        double loss = 0;
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) loss -= Math.log(p.getDouble((long) t * batch + b, y.getInt(b, 0, t)));
        }
        score = loss / batch + fullNetRegTerm;
        return score;
    }
}
