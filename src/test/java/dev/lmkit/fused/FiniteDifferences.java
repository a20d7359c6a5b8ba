package dev.lmkit.fused;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Central differences of the training loss against the analytic gradient, every parameter, each
 * evaluation through {@code computeGradientAndScore} from a zero state with the random generator
 * reset first — so dropout masks are the same in every pass, exactly the loss a training step sees.
 * (DL4J's GradientCheckUtil scores through {@code score(DataSet)}, which draws the output layer's
 * dropout mask on another path.)
 */
final class FiniteDifferences {
    private FiniteDifferences() {
    }

    /** The largest relative error over parameters whose absolute error exceeds 1e-8 (double networks). */
    static double worstRelativeError(MultiLayerNetwork net, INDArray inputs, INDArray labels, long seed) {
        net.setInput(inputs);
        net.setLabels(labels);
        double batch = inputs.size(0); // score is the batch mean; the raw gradient is for the batch sum
        INDArray analytic = loss(net, seed) >= 0 ? net.getGradientsViewArray().dup() : null;
        INDArray params = net.params();
        double eps = 1e-6, worst = 0;
        for (long i = 0; i < params.length(); i++) {
            double p = params.getDouble(i);
            params.putScalar(i, p + eps);
            double up = loss(net, seed);
            params.putScalar(i, p - eps);
            double down = loss(net, seed);
            params.putScalar(i, p);
            double numeric = (up - down) / (2 * eps) * batch, a = analytic.getDouble(i);
            double abs = Math.abs(numeric - a);
            if (abs > 1e-8) worst = Math.max(worst, abs / (Math.abs(numeric) + Math.abs(a)));
        }
        return worst;
    }

    private static double loss(MultiLayerNetwork net, long seed) {
        Nd4j.getRandom().setSeed(seed);
        net.rnnClearPreviousState();
        net.computeGradientAndScore();
        return net.score();
    }
}
