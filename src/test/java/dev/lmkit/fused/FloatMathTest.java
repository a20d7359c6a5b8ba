package dev.lmkit.fused;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.*;

class FloatMathTest {
    static List<FloatMath> implementations() {
        return List.of(FloatMath.SCALAR, new VectorFloatMath());
    }

    /** 8·4 + 3 values: the vector loop and the scalar tail both run. */
    private static float[] values() {
        float[] x = new float[35];
        for (int i = 0; i < x.length; i++) x[i] = -40 + i * 2.3f;
        x[3] = -100;
        x[30] = 80;
        return x;
    }

    private static void assertElementwise(float[] in, float[] out, DoubleUnaryOperator f, int from, int to) {
        for (int i = 0; i < in.length; i++) {
            double expected = i >= from && i < to ? f.applyAsDouble(in[i]) : in[i];
            assertEquals(expected, out[i], 2e-6 * Math.max(1, Math.abs(expected)), "at " + in[i]);
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void sigmoidAndTanhOfARange(FloatMath math) {
        float[] x = values(), s = x.clone(), t = x.clone();
        math.sigmoid(s, 2, 33);
        math.tanh(t, 1, 34);
        assertElementwise(x, s, v -> 1 / (1 + Math.exp(-v)), 2, 33);
        assertElementwise(x, t, Math::tanh, 1, 34);
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void shiftedExpAndItsSumMaxAndScale(FloatMath math) {
        float[] x = values(), e = x.clone();
        assertEquals(80, math.max(x, x.length));
        assertEquals(x[10], math.max(x, 11));
        double sum = math.expShifted(e, x.length, 80);
        double expected = 0;
        for (float v : x) expected += Math.exp(v - 80.0);
        assertEquals(expected, sum, 1e-6 * expected);
        assertElementwise(x, e, v -> Math.exp(v - 80.0), 0, x.length);
        math.scale(e, x.length, 0.5f);
        assertEquals(0.5, e[30], 1e-7);
    }

    /** Results must not depend on how the JIT runs the code, or a resumed training run drifts from an uninterrupted one. */
    @org.junit.jupiter.api.Test
    void vectorLanesAndTheScalarTailGiveTheSameBits() {
        float[] x = values(), lanes = x.clone();
        new VectorFloatMath().expShifted(lanes, 32, 1.5f); // 32 values: all in vector lanes
        for (int i = 0; i < 32; i++) assertEquals(VectorFloatMath.exp(x[i] - 1.5f), lanes[i], 0f, "at " + x[i]);
    }

    /**
     * The ordered product: every element is the fused multiply-add chain over k computed here by hand, in the vector
     * implementation as in the scalar one, for any number of rows (whole blocks of five, leftovers) and columns
     * (whole panels, a part-filled last one), packed from rows or from columns, and a row's result does not depend on
     * the rows computed with it.
     */
    @org.junit.jupiter.api.Test
    void orderedProductIsOneFmaChainPerElementInEveryImplementation() {
        java.util.Random random = new java.util.Random(5);
        int k = 37, n = 301, m = 11;
        float[] a = new float[m * k], b = new float[k * n];
        for (int i = 0; i < a.length; i++) a[i] = (float) random.nextGaussian();
        for (int i = 0; i < b.length; i++) b[i] = (float) random.nextGaussian();
        float[] expected = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float acc = 0;
                for (int q = 0; q < k; q++) acc = Math.fma(a[i * k + q], b[q * n + j], acc);
                expected[i * n + j] = acc;
            }
        }
        float[] bColumns = new float[k * n]; // b stored column by column, as DL4J keeps its weights
        for (int q = 0; q < k; q++) for (int j = 0; j < n; j++) bColumns[j * k + q] = b[q * n + j];
        for (FloatMath math : implementations()) {
            float[] packed = math.pack(b, k, n, false);
            float[] all = new float[m * n];
            math.product(a, packed, all, 0, m, k, n);
            assertArrayEquals(expected, all, 0f, math.getClass().getSimpleName());
            float[] split = new float[m * n];
            math.product(a, packed, split, 0, 3, k, n);
            math.product(a, packed, split, 3, 4, k, n);
            math.product(a, packed, split, 4, m, k, n);
            assertArrayEquals(expected, split, 0f, "rows in any grouping");
            float[] fromColumns = new float[m * n];
            math.product(a, math.pack(bColumns, k, n, true), fromColumns, 0, m, k, n);
            assertArrayEquals(expected, fromColumns, 0f, "packed from columns");
            // column ranges from multiples of the step, the last one part-filled, rows of each range from c[0]
            for (int c0 = 0; c0 < n; c0 += FloatMath.COLUMN_STEP) {
                int c1 = Math.min(n, c0 + FloatMath.COLUMN_STEP), width = c1 - c0;
                float[] range = new float[(m - 2) * width];
                math.product(a, packed, range, 2, m, k, n, c0, c1);
                for (int i = 2; i < m; i++) {
                    for (int j = c0; j < c1; j++) {
                        assertEquals(expected[i * n + j], range[(i - 2) * width + j - c0], 0f, "columns from " + c0 + ": row " + i + ", column " + j);
                    }
                }
            }
        }
    }
}
