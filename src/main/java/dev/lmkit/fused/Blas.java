package dev.lmkit.fused;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemv;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemv;

/**
 * Matrix products straight into ND4J's OpenBLAS, split by rows or columns of the result over the workers ({@link Parts}),
 * with OpenBLAS itself on one thread ({@link Threads}): faster than Nd4j.gemm with OpenBLAS's own threads for
 * every shape lmkit multiplies (docs/speed.md), above all a one-row product, which is a GEMV over rows of the
 * weights here where ND4J's one-row GEMM spends its time packing. OpenBLAS's own worker threads also spin after
 * each call, taking the core the other half of lmkit's work needs.
 */
final class Blas {
    /** Below this many multiply-adds a second thread costs more than it saves. */
    private static final long SPLIT_WORK = 500_000;
    private static final int SPLIT_COLUMNS_BELOW_ROWS = 64;

    private Blas() {
    }

    /** c = op(a)·op(b) + beta·c, op = transpose when the flag is set; any 2-D arrays with one unit stride. */
    static void gemm(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c, double beta) {
        Layout la = Layout.of(a), lb = Layout.of(b), lc = Layout.of(c);
        DataType dt = c.dataType();
        if (la == null || lb == null || lc == null || a.dataType() != dt || b.dataType() != dt
                || dt != DataType.FLOAT && dt != DataType.DOUBLE) {
            Nd4j.gemm(a, b, c, transA, transB, 1.0, beta);
            return;
        }
        if (lc.transposed) { // c column-major: compute cᵀ = op(b)ᵀ·op(a)ᵀ, which is row-major
            rowMajor(b, lb, !transB, a, la, !transA, c, lc.ld, (int) c.size(1), (int) c.size(0), beta);
        } else {
            rowMajor(a, la, transA, b, lb, transB, c, lc.ld, (int) c.size(0), (int) c.size(1), beta);
        }
    }

    /** out = x·w for a one-row x as a GEMV (sampling), otherwise a GEMM. */
    static void product(INDArray x, INDArray w, INDArray out) {
        Layout lw = Layout.of(w);
        if (x.size(0) != 1 || lw == null || !x.isVector() || x.dataType() != w.dataType() || out.dataType() != w.dataType()
                || x.elementWiseStride() != 1 || out.elementWiseStride() != 1) {
            gemm(x, false, w, false, out, 0.0);
            return;
        }
        int k = (int) w.size(0), n = (int) w.size(1);
        // y[j] = Σ_i x[i]·w[i][j]: w column-major is wᵀ row-major [n, k]; split over j
        int trans = lw.transposed ? CblasNoTrans : CblasTrans;
        int rows = lw.transposed ? n : k, cols = lw.transposed ? k : n;
        Parts.run(n, (long) n * k < SPLIT_WORK ? 0 : Long.MAX_VALUE, (part, from, to) -> {
            long wOffset = lw.transposed ? (long) from * lw.ld : from;
            if (w.dataType() == DataType.FLOAT) {
                cblas_sgemv(CblasRowMajor, trans, lw.transposed ? to - from : rows, lw.transposed ? cols : to - from, 1f,
                        floats(w, wOffset), lw.ld, floats(x, 0), 1, 0f, floats(out, from), 1);
            } else {
                cblas_dgemv(CblasRowMajor, trans, lw.transposed ? to - from : rows, lw.transposed ? cols : to - from, 1,
                        doubles(w, wOffset), lw.ld, doubles(x, 0), 1, 0, doubles(out, from), 1);
            }
        });
    }

    /**
     * c (row-major [m, n], leading dimension ldc) = op(a)·op(b) + beta·c, split over rows of c, or over
     * its columns when c has few rows (a recurrent product with a small batch): OpenBLAS packs all of
     * b for each call, so row blocks would each pack the whole weight matrix.
     */
    private static void rowMajor(INDArray a, Layout la, boolean transA, INDArray b, Layout lb, boolean transB,
                                 INDArray c, int ldc, int m, int n, double beta) {
        boolean ta = transA != la.transposed, tb = transB != lb.transposed; // relative to row-major storage
        int k = transA ? (int) a.size(0) : (int) a.size(1);
        long work = (long) m * n * k;
        boolean byColumns = m < SPLIT_COLUMNS_BELOW_ROWS && n >= 2 * m;
        Parts.run(byColumns ? n : m, work < SPLIT_WORK ? 0 : Long.MAX_VALUE, (part, from, to) -> {
            int rows = byColumns ? m : to - from, cols = byColumns ? to - from : n;
            long aOffset = byColumns ? 0 : ta ? from : (long) from * la.ld; // row `from` of op(a)
            long bOffset = !byColumns ? 0 : tb ? (long) from * lb.ld : from; // column `from` of op(b)
            long cOffset = byColumns ? from : (long) from * ldc;
            if (c.dataType() == DataType.FLOAT) {
                cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, rows, cols, k, 1f,
                        floats(a, aOffset), la.ld, floats(b, bOffset), lb.ld, (float) beta, floats(c, cOffset), ldc);
            } else {
                cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, rows, cols, k, 1,
                        doubles(a, aOffset), la.ld, doubles(b, bOffset), lb.ld, beta, doubles(c, cOffset), ldc);
            }
        });
    }

    /** How a 2-D array sits in memory: row-major with leading dimension ld, or (transposed) column-major. */
    private record Layout(boolean transposed, int ld) {
        static Layout of(INDArray a) {
            if (a.rank() != 2) return null;
            long r = a.stride(0), c = a.stride(1);
            if (c == 1 && r >= Math.max(1, a.size(1))) return new Layout(false, (int) r);
            if (r == 1 && c >= Math.max(1, a.size(0))) return new Layout(true, (int) c);
            if (a.size(0) == 1 && c == 1) return new Layout(false, (int) Math.max(1, a.size(1))); // one row
            if (a.size(1) == 1 && r == 1) return new Layout(true, (int) Math.max(1, a.size(0))); // one column
            return null;
        }
    }

    // data().addressPointer() of a view already points at the view's first element
    private static FloatPointer floats(INDArray a, long offset) {
        return new FloatPointer(a.data().addressPointer()).position(offset);
    }

    private static DoublePointer doubles(INDArray a, long offset) {
        return new DoublePointer(a.data().addressPointer()).position(offset);
    }
}
