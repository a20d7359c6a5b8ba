package dev.lmkit.corpus;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Token ids as the network's input: a float array [batch, 1, steps], ids of stream b at row b. */
public final class IdArrays {
    private IdArrays() {
    }

    /** {@code ids} holds {@code batch} rows of {@code steps} ids each, row after row. */
    public static INDArray of(float[] ids, int batch, int steps) {
        if (ids.length != batch * steps) throw new IllegalArgumentException(ids.length + " ids for " + batch + "x" + steps);
        return Nd4j.create(ids, new long[]{batch, 1, steps}, DataType.FLOAT);
    }

    /** One stream: the first {@code length} of {@code ids}. */
    public static INDArray of(int[] ids, int length) {
        float[] data = new float[length];
        for (int t = 0; t < length; t++) data[t] = ids[t];
        return of(data, 1, length);
    }
}
