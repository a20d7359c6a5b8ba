package dev.lmkit.fused;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link AdaptiveSoftmaxOutput}'s layer: {@link FusedSoftmaxOutputLayer}'s training step (dropout, AR/TAR, the number
 * objective on its input) with {@link AdaptiveSoftmax}'s loss and gradients; for reading, whole probability rows, or the head's
 * and one cluster's at a time for a draw ({@link #headProbabilities}), and {@link #logProbabilities} scores targets
 * without the rows.
 */
public class AdaptiveSoftmaxOutputLayer extends FusedSoftmaxOutputLayer {
    private static final String W = DefaultParamInitializer.WEIGHT_KEY;
    private final Scratch scratch = new Scratch();
    private final PackedAdaptiveSoftmax packed = new PackedAdaptiveSoftmax(); // reading's packings, kept while the weights hold
    private INDArray embeddingT;         // tied: the embedding transposed [nIn, vocab], a view of the parameters
    private INDArray embeddingGradientT; // and of the gradients
    private AdaptiveSoftmax.Params views;
    private INDArray viewsOf, viewsOfEmbedding;

    public AdaptiveSoftmaxOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    public AdaptiveSoftmax.Shape shape() {
        return ((AdaptiveSoftmaxOutput) layerConf()).shape();
    }

    @Override
    public void setParamsViewArray(INDArray params) {
        super.setParamsViewArray(params);
        embeddingT = embeddingIn(params);
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray gradients) {
        super.setBackpropGradientsViewArray(gradients);
        embeddingGradientT = embeddingIn(gradients);
    }

    private INDArray embeddingIn(INDArray ownView) {
        var conf = (AdaptiveSoftmaxOutput) layerConf();
        return conf.getEmbeddingDistance() <= 0 ? null
                : TiedSoftmaxOutputLayer.embeddingIn(ownView, conf.getEmbeddingDistance(), conf.getNOut(), conf.getNIn()).transpose();
    }

    /** The weights' views, made again only when the parameter array is replaced: a sampling step reads them a few times, and each view costs ND4J an allocation. */
    private AdaptiveSoftmax.Params params(AdaptiveSoftmax.Shape s) {
        INDArray w = getParam(W);
        if (views == null || viewsOf != w || viewsOfEmbedding != embeddingT) {
            views = AdaptiveSoftmax.Params.of(s, w, embeddingT);
            viewsOf = w;
            viewsOfEmbedding = embeddingT;
        }
        return views;
    }

    @Override
    public INDArray rowProbabilities(INDArray x2) {
        AdaptiveSoftmax.Shape s = shape();
        INDArray out = scratch.get("probs", x2.dataType(), x2.size(0), s.vocab());
        AdaptiveSoftmax.probabilities(s, params(s), x2, out, packed);
        return out;
    }

    /**
     * The head's probabilities for the rows [rows, nIn] of what this layer reads, as [rows, shortlist + clusters]: the
     * shortlist's words, then each tail cluster's share. A draw that lands in a cluster's share then needs only that
     * cluster ({@link #clusterProbabilities}).
     */
    public INDArray headProbabilities(INDArray x2) {
        AdaptiveSoftmax.Shape s = shape();
        return AdaptiveSoftmax.headProbabilities(s, params(s), x2, packed);
    }

    /**
     * The probabilities of cluster {@code c}'s words for the rows {@code rows} of x2, given {@link #headProbabilities} of
     * x2: [rows.length, size(c)], what {@link #rowProbabilities} holds in the cluster's columns.
     */
    public INDArray clusterProbabilities(INDArray x2, INDArray head, int[] rows, int c) {
        AdaptiveSoftmax.Shape s = shape();
        INDArray shares = head.getRows(rows).get(NDArrayIndex.all(), NDArrayIndex.interval(s.shortlist() + c, s.shortlist() + c + 1));
        return AdaptiveSoftmax.clusterProbabilities(s, params(s), c, x2.getRows(rows), shares, packed);
    }

    /** log p(targets[r]) for the rows [rows, nIn] of what this layer reads: the head for all, a tail cluster only where a target is in it. */
    @Override
    public double[] logProbabilities(INDArray x2, int[] targets) {
        AdaptiveSoftmax.Shape s = shape();
        return AdaptiveSoftmax.logProbabilities(s, params(s), x2, targets, packed);
    }

    @Override
    protected double lossAndGradients(INDArray x2, int[] rowLabels, INDArray dx) {
        AdaptiveSoftmax.Shape s = shape();
        // tied: this writes the shortlist's rows of the embedding's gradient and zeroes the rest; the embedding layer adds its lookup's share
        if (embeddingGradientT != null) {
            // a row of the transposed gradient is one embedding column, contiguous: zeroed as a block (a strided 2-D assign is slow)
            for (int i = 0; i < s.nIn(); i++) embeddingGradientT.getRow(i).get(NDArrayIndex.interval(s.shortlist(), s.vocab())).assign(0);
        }
        return AdaptiveSoftmax.lossAndGradient(s, params(s), x2, rowLabels, AdaptiveSoftmax.Params.of(s, gradientViews.get(W), embeddingGradientT), dx);
    }

    @Override
    protected INDArray weights() {
        return getParam(W);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        if (training || maskArray != null || input.rank() != 3) {
            throw new UnsupportedOperationException("an adaptive softmax layer computes inference outputs for unmasked sequences only");
        }
        return super.activate(false, mgr);
    }

    /** The loss without a backward pass (DL4J's {@code score(DataSet)}): NLL summed over time, averaged over the batch. */
    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr mgr) {
        if (scoredByBackprop()) return super.computeScore(fullNetRegTerm, training, mgr);
        int batch = (int) input.size(0), steps = (int) input.size(2);
        INDArray y = labels.dup('c'); // [batch, 1, steps]
        int[] targets = new int[batch * steps];
        for (int t = 0; t < steps; t++) for (int b = 0; b < batch; b++) targets[t * batch + b] = y.getInt(b, 0, t);
        double loss = 0;
        for (double lp : logProbabilities(timeMajorCopy(input), targets)) loss -= lp;
        score = loss / batch + fullNetRegTerm;
        return score;
    }

    private static INDArray timeMajorCopy(INDArray in) {
        return in.permute(2, 0, 1).dup('c').reshape(in.size(2) * in.size(0), in.size(1));
    }
}
