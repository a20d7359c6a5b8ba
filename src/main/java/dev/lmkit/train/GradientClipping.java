package dev.lmkit.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Global L2-norm clipping over all parameters (DL4J only clips per layer). DL4J's raw gradient is
 * summed over the minibatch and its updater divides by the batch size afterwards, so the norm is
 * taken per example — the same gradient Zaremba et al. and PyTorch clip.
 */
final class GradientClipping {
    private GradientClipping() {
    }

    /** Scales {@code rawGradient} in place; returns the per-example norm it had before. */
    static double clip(INDArray rawGradient, int batch, double maxNorm) {
        double norm = rawGradient.norm2Number().doubleValue() / batch;
        if (maxNorm > 0 && norm > maxNorm) rawGradient.muli(maxNorm / norm);
        return norm;
    }
}
