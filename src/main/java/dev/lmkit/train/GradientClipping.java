package dev.lmkit.train;

/**
 * Global L2-norm clipping over all parameters (DL4J only clips per layer). DL4J's raw gradient is
 * summed over the minibatch and its updater divides by the batch size afterwards, so the norm is
 * taken per example — the same gradient Zaremba et al. and PyTorch clip.
 */
public final class GradientClipping {
    private GradientClipping() {
    }

    /** The factor that brings a per-example gradient norm down to {@code maxNorm} (1 when it is within, or no limit). */
    public static double factor(double perExampleNorm, double maxNorm) {
        return maxNorm > 0 && perExampleNorm > maxNorm ? maxNorm / perExampleNorm : 1;
    }
}
