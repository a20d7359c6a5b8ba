package dev.lmkit.fused;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * x·w where every element of the result is one chain of fused multiply-adds over k in order ({@link FloatMath#product}):
 * a row's result never depends on the other rows, how many there are, the thread count, the vector width or the
 * machine. OpenBLAS picks kernels by matrix shape (a one-row product is a GEMV, a few rows an edge kernel), each
 * summing in its own order, so a sentence's surprisal would change in the last bits with the sentences batched
 * beside it. The weights are packed once when this is made ({@link FloatMath#pack}), which is also what makes it fast
 * for a recurrent product: OpenBLAS repacks them on every call. Make one per forward pass, never across a change of
 * the weights; not for use by two threads at once.
 */
final class OrderedProduct {
    /** Whether products with these weights can run ordered: float matrices. */
    static boolean fits(INDArray w) {
        return w.dataType() == DataType.FLOAT && w.rank() == 2;
    }

    /** Whether inference products with these weights outside the recurrent layers run ordered ({@link Determinism}). */
    static boolean on(INDArray w) {
        return Determinism.on() && fits(w);
    }

    private final float[] w;
    private final int k, n;
    private float[] a = new float[0], c = new float[0];

    /** For x·w, w [k, n]. */
    OrderedProduct(INDArray w) {
        this(w, false);
    }

    /** For x·wᵀ when {@code transposed}, w [n, k]. */
    OrderedProduct(INDArray w, boolean transposed) {
        INDArray b = transposed ? w.transpose() : w;
        this.k = (int) b.size(0);
        this.n = (int) b.size(1);
        boolean columns = !rowMajor(b) && rowMajor(b.transpose()); // DL4J keeps its weight matrices column-major
        float[] values = new float[k * n];
        if (rowMajor(b) || columns) new FloatPointer(b.data().addressPointer()).get(values, 0, k * n);
        else System.arraycopy(b.dup('c').data().asFloat(), 0, values, 0, k * n);
        this.w = FloatMath.BEST.pack(values, k, n, columns);
    }

    /** out ([m, n], c-order, a view allowed) = x ([m, k]) · w. */
    void apply(INDArray x, INDArray out) {
        int m = (int) x.size(0);
        if (x.size(1) != k || out.size(0) != m || out.size(1) != n) throw new IllegalArgumentException("shapes " + x.shapeInfoToString() + " · [" + k + ", " + n + "]");
        if (a.length < m * k) a = new float[m * k];
        if (c.length < m * n) c = new float[m * n];
        float[] rows = a, result = c;
        if (rowMajor(x)) new FloatPointer(x.data().addressPointer()).get(rows, 0, m * k);
        else System.arraycopy(x.dup('c').data().asFloat(), 0, rows, 0, m * k);
        Parts.run(m, (long) m * n * k, (part, from, to) -> FloatMath.BEST.product(rows, w, result, from, to, k, n));
        if (rowMajor(out)) new FloatPointer(out.data().addressPointer()).put(result, 0, m * n);
        else out.assign(org.nd4j.linalg.factory.Nd4j.createFromArray(java.util.Arrays.copyOf(result, m * n)).reshape('c', m, n));
    }

    /** Rows one after the other in memory, as the pointer of a view's first element reads them. */
    private static boolean rowMajor(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.rank() == 2 && (a.stride(1) == 1 || a.size(1) == 1)
                && (a.stride(0) == a.size(1) || a.size(0) == 1);
    }
}
