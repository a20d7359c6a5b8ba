package dev.lmkit.fused;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * x·w where every element of the result is one chain of fused multiply-adds over k in order ({@link FloatMath#product}):
 * a row's result never depends on the other rows, how many there are, the thread count, the vector width or the
 * machine. OpenBLAS picks kernels by matrix shape (a one-row product is a GEMV, a few rows an edge kernel), each
 * summing in its own order, so a sentence's surprisal would change in the last bits with the sentences batched
 * beside it. The weights are packed ({@link FloatMath#pack}) when read, which is also what makes it fast for a
 * recurrent product: OpenBLAS repacks them on every call. One instance can be kept for one weight matrix: {@link #of}
 * reads the matrix each time and packs it again only when a value changed. Not for use by two threads at once.
 */
final class OrderedProduct {
    /** Whether products with these weights can run ordered: float matrices. */
    static boolean fits(INDArray w) {
        return w.dataType() == DataType.FLOAT && w.rank() == 2;
    }

    /** Whether inference products with these weights run ordered where OpenBLAS is otherwise faster ({@link Determinism}). */
    static boolean on(INDArray w) {
        return Determinism.on() && fits(w);
    }

    private float[] values = new float[0], incoming = new float[0], compare = new float[0], w = new float[0], a = new float[0], c = new float[0];
    private int k = -1, n = -1;
    private boolean columns;

    /** Empty: {@link #of} reads the weights. */
    OrderedProduct() {
    }

    /** For x·w, w [k, n]. */
    OrderedProduct(INDArray w) {
        of(w, false);
    }

    /**
     * Reads the weights for x·w (x·wᵀ when {@code transposed}) and returns this; the packing of the last call is kept
     * when the matrix holds the same values, to the bit, as then.
     */
    OrderedProduct of(INDArray weights, boolean transposed) {
        INDArray b = transposed ? weights.transpose() : weights;
        int rows = (int) b.size(0), cols = (int) b.size(1);
        boolean byColumns = !linesOf(b) && linesOf(b.transpose()); // DL4J keeps its weight matrices column-major
        INDArray lines = linesOf(b) ? b : byColumns ? b.transpose() : null;
        if (lines != null && rows == k && cols == n && byColumns == columns && holds(lines)) return this;
        if (incoming.length != rows * cols) incoming = new float[rows * cols];
        if (linesOf(b)) readLines(b, incoming);
        else if (byColumns) readLines(b.transpose(), incoming);
        else System.arraycopy(b.dup('c').data().asFloat(), 0, incoming, 0, rows * cols);
        if (rows == k && cols == n && byColumns == columns && Arrays.equals(incoming, values)) return this;
        float[] read = incoming;
        incoming = values;
        values = read;
        k = rows;
        n = cols;
        columns = byColumns;
        w = FloatMath.BEST.pack(values, k, n, columns, w);
        return this;
    }

    /** The columns of w (of the last {@link #of}). */
    int n() {
        return n;
    }

    /** Rows [from, to) of c = a·w for row-major float arrays a [·, k] and c [·, n]; several threads may call it at once. */
    void apply(float[] a, float[] c, int from, int to) {
        FloatMath.BEST.product(a, w, c, from, to, k, n);
    }

    /** Columns [c0, c1) of rows [from, to) of a·w into c as rows of c1 − c0 from c[0] ({@link FloatMath#product(float[], float[], float[], int, int, int, int, int, int)}). */
    void apply(float[] a, float[] c, int from, int to, int c0, int c1) {
        FloatMath.BEST.product(a, w, c, from, to, k, n, c0, c1);
    }

    /** out ([m, n], c-order, a view allowed) = x ([m, k]) · w. */
    void apply(INDArray x, INDArray out) {
        int m = (int) x.size(0);
        if (x.size(1) != k || out.size(0) != m || out.size(1) != n) throw new IllegalArgumentException("shapes " + x.shapeInfoToString() + " · [" + k + ", " + n + "]");
        if (c.length < m * n) c = new float[m * n];
        a = read(x, a);
        float[] rows = a, result = c, packed = w;
        Parts.run(m, (long) m * n * k, (part, from, to) -> FloatMath.BEST.product(rows, packed, result, from, to, k, n));
        if (rowMajor(out)) new FloatPointer(out.data().addressPointer()).put(result, 0, m * n);
        else out.assign(org.nd4j.linalg.factory.Nd4j.createFromArray(Arrays.copyOf(result, m * n)).reshape('c', m, n));
    }

    /** The values of a float matrix row by row, into {@code into} when it is large enough. */
    static float[] read(INDArray x, float[] into) {
        int m = (int) x.size(0), k = (int) x.size(1);
        float[] out = into != null && into.length >= m * k ? into : new float[m * k];
        if (rowMajor(x)) new FloatPointer(x.data().addressPointer()).get(out, 0, m * k);
        else System.arraycopy(x.dup('c').data().asFloat(), 0, out, 0, m * k);
        return out;
    }

    /** Rows each contiguous, a fixed distance apart (a whole matrix, or a view of some of its columns: the tied shortlist). */
    private static boolean linesOf(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.rank() == 2 && (a.stride(1) == 1 || a.size(1) == 1)
                && (a.stride(0) >= a.size(1) || a.size(0) == 1);
    }

    /**
     * Whether a {@link #linesOf} matrix's rows, one after the other, are the kept values to the bit: compared a stretch
     * at a time through a small buffer, so a large unchanged matrix (an output layer's) is read once and not copied.
     */
    private boolean holds(INDArray lines) {
        int rows = (int) lines.size(0), cols = (int) lines.size(1);
        if (values.length != rows * cols) return false;
        boolean contiguous = rows == 1 || lines.stride(0) == cols;
        int stretch = contiguous ? Math.min(rows * cols, 16_384) : cols;
        if (compare.length < stretch) compare = new float[stretch];
        FloatPointer at = new FloatPointer(lines.data().addressPointer());
        for (int done = 0, r = 0; done < rows * cols; done += stretch, r++) {
            int length = Math.min(stretch, rows * cols - done);
            at.position(contiguous ? done : r * lines.stride(0)).get(compare, 0, length);
            if (Arrays.mismatch(compare, 0, length, values, done, done + length) >= 0) return false;
        }
        return true;
    }

    /** A {@link #linesOf} matrix's rows into {@code into}, one after the other. */
    private static void readLines(INDArray a, float[] into) {
        int rows = (int) a.size(0), cols = (int) a.size(1);
        FloatPointer at = new FloatPointer(a.data().addressPointer());
        if (rows == 1 || a.stride(0) == cols) {
            at.get(into, 0, rows * cols);
            return;
        }
        for (int r = 0; r < rows; r++) at.position(r * a.stride(0)).get(into, r * cols, cols);
    }

    /** Rows one after the other in memory, as the pointer of a view's first element reads them. */
    private static boolean rowMajor(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.rank() == 2 && (a.stride(1) == 1 || a.size(1) == 1)
                && (a.stride(0) == a.size(1) || a.size(0) == 1);
    }
}
