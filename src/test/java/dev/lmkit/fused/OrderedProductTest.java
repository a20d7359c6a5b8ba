package dev.lmkit.fused;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The packed products the recurrent layers read with: kept while the weights are unchanged, packed again when any value changes. */
class OrderedProductTest {
    /** Each element of x·w as one fused multiply-add chain over k, by hand. */
    private static float[][] expected(INDArray x, INDArray w) {
        int m = (int) x.size(0), k = (int) x.size(1), n = (int) w.size(1);
        float[][] out = new float[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float acc = 0;
                for (int q = 0; q < k; q++) acc = Math.fma(x.getFloat(i, q), w.getFloat(q, j), acc);
                out[i][j] = acc;
            }
        }
        return out;
    }

    private static void assertProduct(float[][] expected, INDArray out, String what) {
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) assertEquals(expected[i][j], out.getFloat(i, j), 0f, what + " at " + i + ", " + j);
        }
    }

    @Test
    void aKeptPackingFollowsEveryChangeOfTheWeights() {
        Nd4j.getRandom().setSeed(7);
        // column-major, as DL4J keeps its weights; 70 columns: a whole panel and a part-filled one on any vector width
        INDArray w = Nd4j.randn(DataType.FLOAT, 33, 70).dup('f'), x = Nd4j.randn(DataType.FLOAT, 11, 33);
        INDArray out = Nd4j.create(DataType.FLOAT, 11, 70);
        OrderedProduct kept = new OrderedProduct();
        kept.of(w, false).apply(x, out);
        assertProduct(expected(x, w), out, "first read");
        w.putScalar(32, 69, 5f); // one value, in the last row and the last, part-filled panel
        kept.of(w, false).apply(x, out);
        assertProduct(expected(x, w), out, "after one value changed");
        w.muli(-0.5);
        kept.of(w, false).apply(x, out);
        assertProduct(expected(x, w), out, "after all changed");
        kept.of(w, false).apply(x, out);
        assertProduct(expected(x, w), out, "read again unchanged");
    }

    @Test
    void theTransposeIsReadAsItsOwnMatrix() {
        Nd4j.getRandom().setSeed(8);
        INDArray w = Nd4j.randn(DataType.FLOAT, 33, 70).dup('f'), x = Nd4j.randn(DataType.FLOAT, 7, 70);
        INDArray out = Nd4j.create(DataType.FLOAT, 7, 33);
        OrderedProduct kept = new OrderedProduct();
        kept.of(w, true).apply(x, out); // x·wᵀ, as the backward pass reads the recurrent weights
        assertProduct(expected(x, w.transpose()), out, "x·wᵀ");
        w.putScalar(0, 0, -3f);
        kept.of(w, true).apply(x, out);
        assertProduct(expected(x, w.transpose()), out, "x·wᵀ after a change");
    }

    @Test
    void someColumnsOfAMatrixAreReadWhereTheyStand() {
        Nd4j.getRandom().setSeed(9);
        // a tied shortlist: the first 70 rows of a [90, 33] embedding, seen transposed as [33, 70]; and a c-order column range
        INDArray embedding = Nd4j.randn(DataType.FLOAT, 90, 33), x = Nd4j.randn(DataType.FLOAT, 6, 33);
        INDArray shortlist = embedding.transpose().get(NDArrayIndex.all(), NDArrayIndex.interval(0, 70));
        INDArray out = Nd4j.create(DataType.FLOAT, 6, 70);
        new OrderedProduct().of(shortlist, false).apply(x, out);
        assertProduct(expected(x, shortlist.dup()), out, "columns of a transposed matrix");
        INDArray wide = Nd4j.randn(DataType.FLOAT, 33, 100), columns = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(20, 90));
        new OrderedProduct().of(columns, false).apply(x, out);
        assertProduct(expected(x, columns.dup()), out, "a column range of a row-major matrix");
    }

    @Test
    void rowsOfFloatArraysGoWhereTheyAreAsked() {
        Nd4j.getRandom().setSeed(10);
        INDArray w = Nd4j.randn(DataType.FLOAT, 9, 21), x = Nd4j.randn(DataType.FLOAT, 8, 9);
        OrderedProduct kept = new OrderedProduct().of(w, false);
        float[] a = x.dup('c').data().asFloat(), c = new float[8 * 21];
        kept.apply(a, c, 3, 8); // rows 3..7 only: the others stay zero
        float[][] expected = expected(x, w);
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 21; j++) assertEquals(i < 3 ? 0f : expected[i][j], c[i * 21 + j], 0f, "row " + i + ", column " + j);
        }
    }
}
