package dev.lmkit.spark;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.Serializable;

/**
 * One chunk of the training text (see {@link Shards}): {@code batch} contiguous streams of {@code windows · bptt} steps,
 * inputs and labels as DL4J's ids arrays [batch, 1, steps], and, with the number objective, its targets lined up with the
 * inputs (stream after stream; null without it). {@code index}: the chunk's place in the epoch.
 */
record Chunk(int index, DataSet ids, int[] numbers) implements Serializable {
    int batch() {
        return (int) ids.getFeatures().size(0);
    }

    int steps() {
        return (int) ids.getFeatures().size(2);
    }

    int windows(int bptt) {
        return (steps() + bptt - 1) / bptt;
    }

    INDArray inputs(int window, int bptt) {
        return slice(ids.getFeatures(), window, bptt);
    }

    INDArray labels(int window, int bptt) {
        return slice(ids.getLabels(), window, bptt);
    }

    /** The number targets of window {@code window} in the output layer's row order t·batch + b, as the training step takes them. */
    int[] numbers(int window, int bptt) {
        if (numbers == null) return null;
        int from = window * bptt, steps = Math.min(bptt, steps() - from), batch = batch();
        int[] rows = new int[batch * steps];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) rows[t * batch + b] = numbers[b * steps() + from + t];
        }
        return rows;
    }

    private static INDArray slice(INDArray ids, int window, int bptt) {
        long from = (long) window * bptt, to = Math.min(from + bptt, ids.size(2));
        return ids.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(from, to)).dup('c');
    }
}
