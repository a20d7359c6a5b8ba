package dev.lmkit.fused;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * x·w for inference where every element of the result is one chain of fused multiply-adds over k in order
 * ({@link FloatMath#product}): a row's result never depends on the other rows, how many there are, the thread
 * count, the vector width or the machine. OpenBLAS picks kernels by matrix shape (a one-row product is a GEMV,
 * a few rows an edge kernel), each summing in its own order, so a sentence's surprisal would change in the last
 * bits with the sentences batched beside it. The weights are copied once, row-major, when this is made; make one
 * per forward call, never across a change of the weights.
 */
final class OrderedProduct {
    /** Whether inference products with these weights run ordered ({@link Determinism}). */
    static boolean on(INDArray w) {
        return Determinism.on() && w.dataType() == DataType.FLOAT && w.rank() == 2;
    }

    private final float[] w;
    private final int k, n;

    OrderedProduct(INDArray w) {
        this.k = (int) w.size(0);
        this.n = (int) w.size(1);
        this.w = rowMajor(w, k, n);
    }

    /** w [k, n] as row-major floats; DL4J keeps its weight matrices column-major, so mostly a blocked transpose. */
    private static float[] rowMajor(INDArray w, int k, int n) {
        if (w.ordering() != 'f') return w.dup('c').data().asFloat();
        float[] columns = w.dup('f').data().asFloat(), rows = new float[k * n]; // columns[j·k + q] = w[q][j]
        final int block = 64;
        for (int j0 = 0; j0 < n; j0 += block) {
            for (int q0 = 0; q0 < k; q0 += block) {
                for (int j = j0; j < Math.min(n, j0 + block); j++) {
                    for (int q = q0; q < Math.min(k, q0 + block); q++) rows[q * n + j] = columns[j * k + q];
                }
            }
        }
        return rows;
    }

    /** out ([m, n], c-order) = x ([m, k]) · w. */
    void apply(INDArray x, INDArray out) {
        int m = (int) x.size(0);
        if (x.size(1) != k || out.size(0) != m || out.size(1) != n) throw new IllegalArgumentException("shapes " + x.shapeInfoToString() + " · [" + k + ", " + n + "]");
        float[] a = x.dup('c').data().asFloat(), c = new float[m * n];
        Parts.run(m, (long) m * n * k, (part, from, to) -> FloatMath.BEST.product(a, w, c, from, to, k, n));
        Buffers.floats(out).put(0, c, 0, c.length);
    }
}
