package dev.lmkit.fused;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorFloatMath}'s matrix product. The weights are packed once into panels of four vectors' width
 * (row q of a panel holds b[q][its columns], contiguous, zero past n), so the kernel streams each panel in the order
 * it reads it and no product repacks them, as OpenBLAS does on every call: for an LSTM's recurrent product with a
 * batch of 20 that packing costs more than the multiply-adds (docs/speed.md). The kernel holds five rows by four
 * vectors of the result in registers; each element is one chain of fused multiply-adds over k in order.
 */
final class VectorPanels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length(), P = 4 * L;

    private VectorPanels() {
    }

    /** b [k, n] row by row, or column by column when {@code columns}; into {@code into} when it has the size (what it holds in the padding of a part-filled panel never reaches a result). */
    static float[] pack(float[] b, int k, int n, boolean columns, float[] into) {
        int panels = (n + P - 1) / P;
        float[] out = into != null && into.length == panels * k * P ? into : new float[panels * k * P];
        if (columns) { // a transpose, in blocks of 16 rows so both sides stay in cache
            for (int q0 = 0; q0 < k; q0 += 16) {
                int q1 = Math.min(k, q0 + 16);
                for (int j = 0; j < n; j++) {
                    int at = (j / P) * k * P + j % P, from = j * k;
                    for (int q = q0; q < q1; q++) out[at + q * P] = b[from + q];
                }
            }
            return out;
        }
        for (int p = 0; p < panels; p++) {
            int width = Math.min(P, n - p * P);
            for (int q = 0; q < k; q++) System.arraycopy(b, q * n + p * P, out, (p * k + q) * P, width);
        }
        return out;
    }

    /** Rows [from, to) of c [·, n] = a [·, k] · the packed b. */
    static void product(float[] a, float[] w, float[] c, int from, int to, int k, int n) {
        product(a, w, c, from, to, k, n, 0, n, from * n, n);
    }

    /**
     * Columns [c0, c1) of rows [from, to) of a · the packed b, row i's at c[base + (i − from)·ldc]; c0 a multiple of
     * the panel width (of {@link FloatMath#COLUMN_STEP}, which is one at any vector width).
     */
    static void product(float[] a, float[] w, float[] c, int from, int to, int k, int n, int c0, int c1, int base, int ldc) {
        if (c0 % P != 0) throw new IllegalArgumentException("columns from " + c0 + ", not a multiple of " + P);
        float[] edge = c1 % P == 0 ? null : new float[5 * P];
        for (int p = c0 / P; p * P < c1; p++) {
            int panel = p * k * P, col = p * P;
            boolean whole = col + P <= c1;
            float[] out = whole ? c : edge;
            int i = from;
            for (; i + 5 <= to; i += 5) {
                int o = base + (i - from) * ldc + col - c0;
                rows5(a, w, out, i * k, k, panel, whole ? o : 0, whole ? ldc : P);
                if (!whole) for (int r = 0; r < 5; r++) System.arraycopy(edge, r * P, c, o + r * ldc, c1 - col);
            }
            for (; i < to; i++) {
                int o = base + (i - from) * ldc + col - c0;
                row1(a, w, out, i * k, k, panel, whole ? o : 0);
                if (!whole) System.arraycopy(edge, 0, c, o, c1 - col);
            }
        }
    }

    // written out accumulator by accumulator: twenty named vectors stay in registers, where an array of them would not
    private static void rows5(float[] a, float[] w, float[] c, int a0, int k, int base, int o, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00, c43 = c00;
        int a1 = a0 + k, a2 = a1 + k, a3 = a2 + k, a4 = a3 + k;
        for (int q = 0, wq = base; q < k; q++, wq += P) {
            FloatVector w0 = FloatVector.fromArray(S, w, wq), w1 = FloatVector.fromArray(S, w, wq + L);
            FloatVector w2 = FloatVector.fromArray(S, w, wq + 2 * L), w3 = FloatVector.fromArray(S, w, wq + 3 * L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + q]);
            c00 = x.fma(w0, c00);
            c01 = x.fma(w1, c01);
            c02 = x.fma(w2, c02);
            c03 = x.fma(w3, c03);
            x = FloatVector.broadcast(S, a[a1 + q]);
            c10 = x.fma(w0, c10);
            c11 = x.fma(w1, c11);
            c12 = x.fma(w2, c12);
            c13 = x.fma(w3, c13);
            x = FloatVector.broadcast(S, a[a2 + q]);
            c20 = x.fma(w0, c20);
            c21 = x.fma(w1, c21);
            c22 = x.fma(w2, c22);
            c23 = x.fma(w3, c23);
            x = FloatVector.broadcast(S, a[a3 + q]);
            c30 = x.fma(w0, c30);
            c31 = x.fma(w1, c31);
            c32 = x.fma(w2, c32);
            c33 = x.fma(w3, c33);
            x = FloatVector.broadcast(S, a[a4 + q]);
            c40 = x.fma(w0, c40);
            c41 = x.fma(w1, c41);
            c42 = x.fma(w2, c42);
            c43 = x.fma(w3, c43);
        }
        store(c, o, c00, c01, c02, c03);
        store(c, o + ldc, c10, c11, c12, c13);
        store(c, o + 2 * ldc, c20, c21, c22, c23);
        store(c, o + 3 * ldc, c30, c31, c32, c33);
        store(c, o + 4 * ldc, c40, c41, c42, c43);
    }

    private static void row1(float[] a, float[] w, float[] c, int a0, int k, int base, int o) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        for (int q = 0, wq = base; q < k; q++, wq += P) {
            FloatVector x = FloatVector.broadcast(S, a[a0 + q]);
            c0 = x.fma(FloatVector.fromArray(S, w, wq), c0);
            c1 = x.fma(FloatVector.fromArray(S, w, wq + L), c1);
            c2 = x.fma(FloatVector.fromArray(S, w, wq + 2 * L), c2);
            c3 = x.fma(FloatVector.fromArray(S, w, wq + 3 * L), c3);
        }
        store(c, o, c0, c1, c2, c3);
    }

    private static void store(float[] c, int o, FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3) {
        v0.intoArray(c, o);
        v1.intoArray(c, o + L);
        v2.intoArray(c, o + 2 * L);
        v3.intoArray(c, o + 3 * L);
    }
}
