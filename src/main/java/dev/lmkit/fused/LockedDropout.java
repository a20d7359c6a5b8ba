package dev.lmkit.fused;

import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonIgnore;

/**
 * Variational ("locked") dropout (Gal &amp; Ghahramani 2016; AWD-LSTM's LockedDropout): one mask per
 * sequence and feature, the same at every time step, drawn afresh for each window. A layer's input
 * [batch, features, steps] is multiplied by mask / (1 − rate); the backward pass multiplies by the
 * same mask. Per-element dropout, by contrast, lets a feature through at some steps and not others,
 * which on a recurrent model's inputs is noise the network cannot learn to rely on less.
 */
public class LockedDropout implements IDropout {
    private double rate;
    @JsonIgnore
    private transient INDArray mask;

    /** For Jackson, when a saved network is loaded. */
    public LockedDropout() {
    }

    /** @param rate the probability that a feature of a sequence is dropped, in [0, 1) */
    public LockedDropout(double rate) {
        if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("dropout rate must be in [0, 1), not " + rate);
        this.rate = rate;
    }

    public double getRate() {
        return rate;
    }

    public void setRate(double rate) {
        this.rate = rate;
    }

    @Override
    public INDArray applyDropout(INDArray input, INDArray result, int iteration, int epoch, LayerWorkspaceMgr mgr) {
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            mask = Nd4j.createUninitialized(input.dataType(), input.size(0), input.size(1));
            Nd4j.getExecutioner().exec(new BernoulliDistribution(mask, 1 - rate));
            mask.divi(1 - rate);
        }
        return scale(input, result);
    }

    @Override
    public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
        if (mask == null) throw new IllegalStateException("locked dropout: backward pass without a forward pass");
        INDArray out = scale(gradAtOutput, gradAtInput);
        mask = null;
        return out;
    }

    private INDArray scale(INDArray from, INDArray to) {
        if (from.rank() == 2) return to.assign(from.mul(mask));
        return Broadcast.mul(from, mask, to, 0, 1);
    }

    @Override
    public void clear() {
        mask = null;
    }

    @Override
    public LockedDropout clone() {
        return new LockedDropout(rate);
    }

    @Override
    public String toString() {
        return "LockedDropout(rate=" + rate + ")";
    }
}
