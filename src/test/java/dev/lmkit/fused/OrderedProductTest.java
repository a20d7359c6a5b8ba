package dev.lmkit.fused;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
}
