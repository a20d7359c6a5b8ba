package dev.lmkit.corpus;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Zaremba et al. (2014) batching: the token stream is cut into {@code batch} contiguous streams
 * (stream k holds tokens [k·L, (k+1)·L) with L = (n-1) / batch), read in windows of {@code bptt}
 * steps, so window w+1 of stream k continues exactly where window w ended and the hidden state can
 * be carried over. Inputs and labels are integer ids shaped [batch, 1, steps]; a label is the
 * input shifted by one token. The last window of an epoch may be shorter than {@code bptt}.
 */
public final class BpttBatches {
    private final int[] ids;
    private final int batch;
    private final int bptt;
    private final int streamLength;

    public BpttBatches(int[] ids, int batch, int bptt) {
        this.ids = ids;
        this.batch = batch;
        this.bptt = bptt;
        this.streamLength = (ids.length - 1) / batch;
        if (streamLength < 1) {
            throw new IllegalArgumentException("text of " + ids.length + " tokens is too short for batch " + batch);
        }
    }

    public int windows() {
        return (streamLength + bptt - 1) / bptt;
    }

    public int streamLength() {
        return streamLength;
    }

    /** Tokens predicted in one epoch (every window, every stream). */
    public long tokensPerEpoch() {
        return (long) streamLength * batch;
    }

    public int stepsIn(int window) {
        return Math.min(bptt, streamLength - window * bptt);
    }

    /** The label (next id) at step {@code t} of window {@code window} in stream {@code stream}. */
    public int label(int stream, int window, int t) {
        return ids[stream * streamLength + window * bptt + t + 1];
    }

    public INDArray inputs(int window) {
        return window(window, 0);
    }

    public INDArray labels(int window) {
        return window(window, 1);
    }

    /** The window's input values in the output layer's row order t·batch + b (for values lined up with the ids, like number targets). */
    public int[] timeMajorInputs(int window) {
        int steps = stepsIn(window);
        int[] rows = new int[batch * steps];
        for (int b = 0; b < batch; b++) {
            int start = b * streamLength + window * bptt;
            for (int t = 0; t < steps; t++) rows[t * batch + b] = ids[start + t];
        }
        return rows;
    }

    private INDArray window(int window, int shift) {
        int steps = stepsIn(window);
        float[] data = new float[batch * steps];
        for (int b = 0; b < batch; b++) {
            int start = b * streamLength + window * bptt + shift;
            for (int t = 0; t < steps; t++) data[b * steps + t] = ids[start + t];
        }
        return IdArrays.of(data, batch, steps);
    }
}
