package dev.lmkit.spark;

import dev.lmkit.fused.FlatVectors;
import dev.lmkit.train.GradientClipping;
import dev.lmkit.train.StateReset;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Serializable;
import java.util.HashMap;

/**
 * What lmkit's one-machine training step does around DL4J's gradient, done on Spark's workers, whose {@code fit()} is
 * DL4J's own: the gradient's global L2 norm clipped to {@code train.clip_norm} per example (DL4J calls this hook after
 * the backward pass and before its updater divides by the batch), and {@code train.state_reset}'s zero-state windows
 * (DL4J copies each window's last state into the next after this hook's {@code iterationDone}; an emptied state is a
 * zero one). Without the clipping, SGD at lmkit's learning rate of 1 on the window-summed loss diverged on the workers.
 */
final class WorkerStep extends BaseTrainingListener implements Serializable {
    private static final long serialVersionUID = 1L;
    private final double clipNorm;
    private final double stateReset;
    private final long seed;

    WorkerStep(double clipNorm, double stateReset, long seed) {
        this.clipNorm = clipNorm;
        this.stateReset = stateReset;
        this.seed = seed;
    }

    @Override
    public void onGradientCalculation(Model model) {
        if (clipNorm <= 0 || !(model instanceof MultiLayerNetwork net)) return;
        INDArray gradient = net.getGradientsViewArray();
        double factor = GradientClipping.factor(FlatVectors.norm2(gradient) / net.batchSize(), clipNorm);
        if (factor != 1) gradient.muli(factor);
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if (!(model instanceof MultiLayerNetwork net) || !new StateReset(stateReset, seed).after(iteration)) return;
        for (Layer layer : net.getLayers()) {
            if (layer instanceof RecurrentLayer recurrent) recurrent.rnnSetTBPTTState(new HashMap<>());
        }
    }
}
