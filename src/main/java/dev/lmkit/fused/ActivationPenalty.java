package dev.lmkit.fused;

import org.nd4j.linalg.api.ndarray.INDArray;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

/**
 * AWD-LSTM's activation regularization (AR) and temporal activation regularization (TAR) on the last
 * LSTM layer's output h [batch, units, steps] (Merity et al. 2018): α · mean(dropped h²) + β · mean((h_t − h_{t−1})²).
 * Merity et al. add them to the mean per-token loss; lmkit's training loss is the NLL summed over the
 * batch·steps tokens, so both terms are multiplied by batch·steps here, which keeps α and β meaning
 * what they mean in the paper. Only in training; evaluation scores the plain NLL.
 */
public record ActivationPenalty(double ar, double tar) {
    public static final ActivationPenalty NONE = new ActivationPenalty(0, 0);

    public boolean active() {
        return ar > 0 || tar > 0;
    }

    /** AR on the dropped output h: adds its gradient to {@code gradient} (same shape) and returns the penalty. */
    double addAr(INDArray h, INDArray gradient) {
        if (ar == 0) return 0;
        double scale = ar / h.size(1); // α · batch·steps / (batch·steps·units)
        gradient.addi(h.mul(2 * scale));
        return scale * h.norm2Number().doubleValue() * h.norm2Number().doubleValue();
    }

    /** TAR on the undropped output h: adds its gradient to {@code gradient} (same shape) and returns the penalty. */
    double addTar(INDArray h, INDArray gradient) {
        long steps = h.size(2);
        if (tar == 0 || steps < 2) return 0;
        double scale = tar * steps / ((steps - 1.0) * h.size(1)); // β · batch·steps / (batch·(steps−1)·units)
        INDArray change = h.get(all(), all(), interval(1, steps)).sub(h.get(all(), all(), interval(0, steps - 1)));
        INDArray g = change.mul(2 * scale);
        gradient.get(all(), all(), interval(1, steps)).addi(g);
        gradient.get(all(), all(), interval(0, steps - 1)).subi(g);
        double norm = change.norm2Number().doubleValue();
        return scale * norm * norm;
    }
}
