package dev.lmkit.fused;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.RnnOutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The softmax output layer with as few passes over [steps·batch, vocabulary] as possible: logits as
 * one GEMM into a reused contiguous array, then one pass for bias, softmax, loss, the gradient
 * p − onehot(label) and the bias gradient ({@link RowSoftmax}), then the weight and input gradients
 * as two GEMMs. DL4J's stock path makes dozens of full passes over arrays that size (softmax, one-hot
 * labels, clipping, permutes, fresh allocations); at a 10k vocabulary those passes, not the GEMMs,
 * were most of a training step. The loss it keeps for
 * {@link #computeScore} is DL4J's: NLL summed over time, averaged over the batch.
 */
public class FusedSoftmaxOutputLayer extends RnnOutputLayer {
    private static final String W = DefaultParamInitializer.WEIGHT_KEY;
    private static final String B = DefaultParamInitializer.BIAS_KEY;

    private final Scratch scratch = new Scratch();
    private final OrderedProduct packed = new OrderedProduct(); // scoring and --deterministic: the weights packed, kept while unchanged
    private INDArray scoredInput;
    private INDArray scoredLabels;
    private double lossPerSequence;
    private ActivationPenalty penalty = ActivationPenalty.NONE;
    private double penaltyLoss;
    private NumberObjective number;

    public FusedSoftmaxOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Inference (output, rnnTimeStep): {@link #probabilities} viewed as NCW [batch, vocab, steps]. */
    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        if (training || maskArray != null || input.rank() != 3) return super.activate(training, mgr);
        int batch = (int) input.size(0), steps = (int) input.size(2);
        INDArray probs = probabilities(input);
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, probs.dataType(), new long[]{batch, probs.size(1), steps}, 'c');
        out.assign(probs.reshape('c', steps, batch, probs.size(1)).permute(1, 2, 0));
        return out;
    }

    /**
     * Softmax probabilities for an NCW input [batch, nIn, steps] as rows t·batch + b of a reused
     * [steps·batch, vocab] array, valid until this layer's next call.
     */
    public INDArray probabilities(INDArray in) {
        return rowProbabilities(timeMajor(in));
    }

    /** Softmax probabilities for the rows [rows, nIn] of what this layer reads, as a reused [rows, vocab] array, valid until this layer's next call. */
    public INDArray rowProbabilities(INDArray x2) {
        INDArray w = weights();
        INDArray probs = scratch.get("probs", w.dataType(), x2.size(0), layerConf().getNOut());
        if (OrderedProduct.on(w)) packed.of(w, false).apply(x2, probs);
        else Blas.product(x2, w, probs);
        RowSoftmax.probabilities(probs, getParam(B));
        return probs;
    }

    /**
     * ln p(targets[r]) for the rows [rows, nIn] of what this layer reads. Float rows are scored over the packed weights
     * (kept while they hold the same values), a block of rows' logits at a time, each normalised where it stands: no
     * probability row is written, which for a large vocabulary is most of the memory traffic ({@link RowSoftmax}).
     */
    public double[] logProbabilities(INDArray x2, int[] targets) {
        INDArray w = weights();
        int rows = (int) x2.size(0), nIn = (int) x2.size(1), vocab = (int) layerConf().getNOut();
        RowSoftmax.requireTargets(targets, vocab);
        if (!OrderedProduct.fits(w) || x2.dataType() != DataType.FLOAT) {
            INDArray probs = rowProbabilities(x2);
            double[] out = new double[rows];
            for (int r = 0; r < rows; r++) out[r] = Math.log(probs.getDouble(r, targets[r]));
            return out;
        }
        OrderedProduct[] parts = {packed.of(w, false)};
        return RowSoftmax.logProbabilities(OrderedProduct.read(x2, null), rows, nIn, parts, getParam(B).toFloatVector(), targets);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        if (labels == null) throw new IllegalStateException("labels not set");
        if (maskArray != null) throw new UnsupportedOperationException("the fused output layer does not support masks");
        // dropout may overwrite the input in place; TAR needs it undropped
        INDArray undropped = penalty.tar() > 0 && layerConf().getIDropout() != null ? input.dup() : input;
        applyDropOutIfNecessary(true, mgr);
        int batch = (int) input.size(0), nIn = (int) input.size(1), steps = (int) input.size(2);
        DataType dt = input.dataType();
        INDArray x2 = timeMajor(input);
        Buffers y = Buffers.of(labels.dup('c')); // labels: [batch, 1, steps]
        int[] rowLabels = new int[steps * batch];
        for (int t = 0; t < steps; t++) {
            for (int bi = 0; bi < batch; bi++) rowLabels[t * batch + bi] = (int) y.get(bi * steps + t);
        }
        INDArray dx = scratch.get("dx", dt, (long) steps * batch, nIn);
        double loss = lossAndGradients(x2, rowLabels, dx);
        double numberLoss = number == null ? 0 : number.addLossAndGradient(x2, dx);
        INDArray eps = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dt, new long[]{batch, nIn, steps}, 'f');
        eps.assign(dx.reshape('c', steps, batch, nIn).permute(1, 2, 0));
        penaltyLoss = penalty.addAr(input, eps);
        eps = backpropDropOutIfPresent(eps);
        penaltyLoss += penalty.addTar(undropped, eps) + numberLoss;
        loss += penaltyLoss;
        scoredInput = input;
        scoredLabels = labels;
        lossPerSequence = loss / batch;
        Gradient g = new DefaultGradient();
        for (String key : new String[]{W, B}) if (gradientViews.containsKey(key)) g.setGradientFor(key, gradientViews.get(key));
        return new Pair<>(g, eps);
    }

    /**
     * Σ −log p(rowLabels[r]) over the rows x2 [rows, nIn] (t·batch + b), the parameters' gradients of it into this
     * layer's gradient views and its gradient by x2 into {@code dx}: the logits as one GEMM into a reused array, one pass
     * for softmax, loss, p − onehot and the bias gradient ({@link RowSoftmax}), then two GEMMs.
     */
    protected double lossAndGradients(INDArray x2, int[] rowLabels, INDArray dx) {
        INDArray w = weights();
        INDArray logits = scratch.get("logits", w.dataType(), x2.size(0), layerConf().getNOut());
        Blas.gemm(x2, false, w, false, logits, 0.0);
        double loss = RowSoftmax.lossAndGradient(logits, getParam(B), rowLabels, gradientViews.get(B));
        Blas.gemm(x2, true, logits, false, weightGradient(), 0.0);
        Blas.gemm(logits, false, w, true, dx, 0.0);
        return loss;
    }

    /** AR/TAR on this layer's input from the next backward pass on (a training setting, not saved with the model). */
    public void penalize(ActivationPenalty penalty) {
        this.penalty = penalty;
    }

    /** The auxiliary number objective on this layer's input from the next backward pass on; null for none. */
    public void predictNumber(NumberObjective number) {
        this.number = number;
    }

    /** The AR/TAR and number-objective part of the last backward pass's loss (summed over the batch), included in its score. */
    public double lastPenalty() {
        return penaltyLoss;
    }

    /** The softmax weights [nIn, vocab]. */
    protected INDArray weights() {
        return getParam(W);
    }

    /** Where the gradient of {@link #weights} goes (overwritten). */
    protected INDArray weightGradient() {
        return gradientViews.get(W);
    }

    /** The NCW input [batch, nIn, steps] as rows t·batch + b of a reused [steps·batch, nIn] array. */
    private INDArray timeMajor(INDArray in) {
        int batch = (int) in.size(0), nIn = (int) in.size(1), steps = (int) in.size(2);
        INDArray x2 = scratch.get("x2", in.dataType(), (long) steps * batch, nIn);
        x2.reshape('c', steps, batch, nIn).assign(in.permute(2, 0, 1));
        return x2;
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr mgr) {
        if (scoredByBackprop()) {
            score = lossPerSequence + fullNetRegTerm;
            return score;
        }
        return super.computeScore(fullNetRegTerm, training, mgr);
    }

    /** True when the last backward pass ran on the current input and labels, so its loss is the score. */
    protected boolean scoredByBackprop() {
        return input != null && input == scoredInput && labels == scoredLabels;
    }
}
