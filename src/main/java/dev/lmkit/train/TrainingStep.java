package dev.lmkit.train;

import dev.lmkit.LmkitException;
import dev.lmkit.fused.ActivationPenalty;
import dev.lmkit.fused.FlatVectors;
import dev.lmkit.fused.FusedSoftmaxOutputLayer;
import dev.lmkit.fused.NumberObjective;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * One truncated-BPTT update: forward and backward over a window from the carried state (AR/TAR added
 * to the loss when asked), global
 * gradient clipping, the optimizer's update, and the window's last state kept for the next one
 * (or, as {@link StateReset} decides, dropped).
 * The trainer and the benchmark run exactly this.
 */
public final class TrainingStep {

    /** The window's summed NLL (nats) and the gradient norm before clipping; not finite = diverged, no update made. */
    public record Outcome(double nll, double gradientNorm) {
        public boolean finite() {
            return Double.isFinite(nll) && Double.isFinite(gradientNorm);
        }
    }

    private final MultiLayerNetwork net;
    private final int batch;
    private final double clipNorm;
    private final StateReset stateReset;
    private final FusedSoftmaxOutputLayer output;
    private final NumberObjective number;

    public TrainingStep(MultiLayerNetwork net, int batch, double clipNorm, StateReset stateReset) {
        this(net, batch, clipNorm, stateReset, ActivationPenalty.NONE);
    }

    /** With AR/TAR ({@code train.ar}, {@code train.tar}) on the last LSTM layer's output: needs the fused softmax layer. */
    public TrainingStep(MultiLayerNetwork net, int batch, double clipNorm, StateReset stateReset, ActivationPenalty penalty) {
        this(net, batch, clipNorm, stateReset, penalty, null);
    }

    /** With the auxiliary number objective ({@code train.number_loss}) too, or null: needs the fused softmax layer. */
    public TrainingStep(MultiLayerNetwork net, int batch, double clipNorm, StateReset stateReset, ActivationPenalty penalty,
                        NumberObjective number) {
        this.net = net;
        this.number = number;
        this.batch = batch;
        this.clipNorm = clipNorm;
        this.stateReset = stateReset;
        this.output = net.getOutputLayer() instanceof FusedSoftmaxOutputLayer fused ? fused : null;
        if (output != null) {
            output.penalize(penalty);
            output.predictNumber(number);
        } else if (penalty.active()) {
            throw new LmkitException("train.ar and train.tar need model.impl: fused");
        } else if (number != null) {
            throw new LmkitException("train.number_loss needs model.impl: fused");
        }
    }

    public Outcome run(INDArray inputs, INDArray labels, int iteration, int epoch) {
        return run(inputs, labels, null, iteration, epoch);
    }

    /** {@code numbers}: the number objective's targets for this window (rows t·batch + b), null without the objective. */
    public Outcome run(INDArray inputs, INDArray labels, int[] numbers, int iteration, int epoch) {
        if (number != null) number.target(numbers);
        net.setInput(inputs);
        net.setLabels(labels);
        net.computeGradientAndScore();
        double nll = net.score() * batch; // DL4J's score is the NLL summed over time, averaged over the batch
        if (output != null) nll -= output.lastPenalty(); // the window's NLL as evaluation measures it, without AR/TAR
        INDArray gradient = net.getGradientsViewArray();
        double norm = FlatVectors.norm2(gradient) / batch;
        if (number != null) norm = Math.hypot(norm, Math.sqrt(number.gradientSquaredNorm()) / batch);
        double clip = GradientClipping.factor(norm, clipNorm);
        Outcome outcome = new Outcome(nll, norm);
        if (!outcome.finite()) return outcome;
        double sgdRate = plainSgdRate(iteration, epoch);
        if (sgdRate > 0) {
            FlatVectors.sgdStep(net.params(), gradient, sgdRate * clip / batch); // what DL4J's Sgd updater does, in one pass
            if (number != null) number.step(sgdRate * clip / batch);
        } else {
            if (number != null) number.step(net.getLearningRate(net.getnLayers() - 1) * clip / batch);
            if (clip != 1) gradient.muli(clip);
            net.getUpdater().update(net, net.gradient(), iteration, epoch, batch, LayerWorkspaceMgr.noWorkspaces());
            net.params().subi(gradient.reshape(net.params().shape()));
        }
        for (TrainingListener l : net.getListeners()) l.iterationDone(net, iteration, epoch); // as fit() would
        if (stateReset.after(iteration)) net.rnnClearPreviousState(); else net.updateRnnStateWithTBPTTState();
        return outcome;
    }

    /** The learning rate when every layer is plain SGD at one rate (no regularization or per-layer normalization), else 0. */
    private double plainSgdRate(int iteration, int epoch) {
        double rate = 0;
        for (var layer : net.getLayers()) {
            if (!(layer.conf().getLayer() instanceof BaseLayer conf) || !(conf.getIUpdater() instanceof Sgd sgd)) return 0;
            boolean plain = isEmpty(conf.getRegularization()) && isEmpty(conf.getRegularizationBias())
                    && (conf.getGradientNormalization() == null || conf.getGradientNormalization() == GradientNormalization.None);
            double r = sgd.getLearningRate(iteration, epoch);
            if (!plain || rate != 0 && r != rate) return 0;
            rate = r;
        }
        return net.conf().isMiniBatch() ? rate : 0;
    }

    private static boolean isEmpty(java.util.List<?> list) {
        return list == null || list.isEmpty();
    }
}
