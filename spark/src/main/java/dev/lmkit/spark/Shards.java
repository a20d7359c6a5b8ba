package dev.lmkit.spark;

import dev.lmkit.corpus.BpttBatches;
import dev.lmkit.corpus.IdArrays;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;

/**
 * The training text as Spark's minibatches: single-machine training's layout (the text cut into {@code batch}
 * contiguous streams, as {@code BpttBatches}) cut along time into chunks of {@code windows} TBPTT windows: chunk c + 1
 * continues chunk c's streams, so a worker training consecutive chunks carries the hidden state across them.
 */
final class Shards {
    private Shards() {
    }

    static List<DataSet> chunks(int[] ids, int batch, int bptt, int windows) {
        int streamLength = new BpttBatches(ids, batch, bptt).streamLength(); // the single-machine layout, one definition
        int steps = bptt * windows;
        int count = streamLength / steps;
        if (count < 1) {
            throw new IllegalArgumentException("the training text (" + ids.length + " tokens) is shorter than one chunk: "
                    + batch + " streams of " + windows + " windows of " + bptt + " steps");
        }
        List<DataSet> out = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            float[] in = new float[batch * steps], next = new float[batch * steps];
            for (int b = 0; b < batch; b++) {
                for (int s = 0; s < steps; s++) {
                    int p = b * streamLength + c * steps + s;
                    in[b * steps + s] = ids[p];
                    next[b * steps + s] = ids[p + 1];
                }
            }
            out.add(new DataSet(IdArrays.of(in, batch, steps), IdArrays.of(next, batch, steps)));
        }
        return out;
    }

    /** Values lined up with the training ids (number targets) cut as {@link #chunks} cuts the inputs: one array per chunk, stream after stream. */
    static List<int[]> aligned(int[] values, int batch, int bptt, int windows) {
        int streamLength = new BpttBatches(values, batch, bptt).streamLength();
        int steps = bptt * windows, count = streamLength / steps;
        List<int[]> out = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            int[] chunk = new int[batch * steps];
            for (int b = 0; b < batch; b++) System.arraycopy(values, b * streamLength + c * steps, chunk, b * steps, steps);
            out.add(chunk);
        }
        return out;
    }
}
