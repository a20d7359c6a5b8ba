package dev.lmkit.fused;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

class BlasTest {
    private static INDArray random(DataType dt, long rows, long cols, char order) {
        Nd4j.getRandom().setSeed(rows * 31 + cols);
        return Nd4j.rand(dt, rows, cols).subi(0.5).dup(order);
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance) {
        assertArrayEquals(expected.shape(), actual.shape());
        double scale = Math.max(1, expected.amaxNumber().doubleValue());
        assertEquals(0, expected.sub(actual).amaxNumber().doubleValue() / scale, tolerance);
    }

    @ParameterizedTest(name = "{0} [{1},{2}]·[{2},{3}] transA={4} transB={5} orders {6}{7}{8}")
    @CsvSource({
            "FLOAT, 3, 4, 5, false, false, c, c, c",     // small: one thread
            "DOUBLE, 3, 4, 5, true, false, f, c, f",
            "FLOAT, 120, 90, 70, false, true, c, f, c",  // big enough to split over two threads, by rows
            "FLOAT, 120, 90, 70, true, false, c, c, f",  // result column-major, like DL4J's gradient views
            "DOUBLE, 120, 90, 70, true, true, f, f, c",
            "DOUBLE, 120, 90, 70, false, false, f, c, f",
            "FLOAT, 20, 200, 800, false, false, c, f, c",   // few rows: split over columns
            "FLOAT, 20, 300, 900, false, true, c, c, c",
            "DOUBLE, 24, 250, 600, true, true, c, f, c"})
    void multipliesLikeNd4jForEveryLayout(DataType dt, int m, int k, int n, boolean transA, boolean transB, char oa, char ob, char oc) {
        INDArray a = transA ? random(dt, k, m, oa) : random(dt, m, k, oa), b = transB ? random(dt, n, k, ob) : random(dt, k, n, ob);
        INDArray expected = Nd4j.gemm(a, b, transA, transB);
        INDArray c = Nd4j.create(dt, new long[]{m, n}, oc).assign(7);
        Blas.gemm(a, transA, b, transB, c, 0.0);
        assertClose(expected, c, dt == DataType.FLOAT ? 1e-5 : 1e-12);

        INDArray accumulate = Nd4j.create(dt, new long[]{m, n}, oc).assign(1);
        Blas.gemm(a, transA, b, transB, accumulate, 1.0);
        assertClose(expected.add(1), accumulate, dt == DataType.FLOAT ? 1e-5 : 1e-12);
    }

    @ParameterizedTest(name = "{0} x[1,{1}]·w[{1},{2}] w order {3}")
    @CsvSource({"FLOAT, 200, 800, f", "FLOAT, 200, 10000, f", "DOUBLE, 64, 9000, c", "FLOAT, 30, 7, c"})
    void oneRowProductsGoThroughGemvWithTheSameResult(DataType dt, int k, int n, char order) {
        INDArray x = random(dt, 1, k, 'c'), w = random(dt, k, n, order), out = Nd4j.create(dt, 1, n);
        Blas.product(x, w, out);
        assertClose(x.mmul(w), out, dt == DataType.FLOAT ? 1e-5 : 1e-12);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"FLOAT", "DOUBLE"})
    void readsAndWritesRowViewsInPlace(DataType dt) {
        INDArray big = random(dt, 60, 40, 'c'), w = random(dt, 40, 30, 'f');
        INDArray rows = big.get(interval(20, 50), all()); // a view starting mid-buffer
        INDArray out = Nd4j.create(dt, 90, 30).assign(3), outRows = out.get(interval(30, 60), all());
        Blas.gemm(rows, false, w, false, outRows, 0.0);
        assertClose(rows.mmul(w), outRows, dt == DataType.FLOAT ? 1e-5 : 1e-12);
        assertEquals(3, out.get(interval(0, 30), all()).minNumber().doubleValue());
        assertEquals(3, out.get(interval(60, 90), all()).maxNumber().doubleValue());

        INDArray oneRow = big.get(interval(7, 8), all()), target = out.get(interval(70, 71), all());
        Blas.product(oneRow, w, target);
        assertClose(oneRow.mmul(w), target, dt == DataType.FLOAT ? 1e-5 : 1e-12);
    }
}
