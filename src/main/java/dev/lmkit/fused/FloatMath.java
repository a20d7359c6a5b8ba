package dev.lmkit.fused;

/**
 * The element-wise float math of the fused layers over Java arrays: exp, sigmoid and tanh of many
 * values at once. {@link #BEST} uses the JDK's Vector API (eight floats per instruction on AVX2,
 * ~1.2 ns per exp against ~9–20 ns for {@code Math.exp}) when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, as {@code ./lmkit}, the tests and the notebook kernel
 * do; in any other JVM it falls back to plain loops with the same results up to float rounding.
 */
interface FloatMath {
    FloatMath SCALAR = new ScalarFloatMath();
    FloatMath BEST = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? new VectorFloatMath() : SCALAR;

    /** The largest of x[from, to). */
    float max(float[] x, int from, int to);

    default float max(float[] x, int n) {
        return max(x, 0, n);
    }

    /** x[i] ← exp(x[i] − shift) for i in [from, to); returns their sum. */
    double expShifted(float[] x, int from, int to, float shift);

    default double expShifted(float[] x, int n, float shift) {
        return expShifted(x, 0, n, shift);
    }

    /** x[0] + … + x[n−1] in double, in that order: the same on any machine (a vector sum depends on its width). */
    static double sum(float[] x, int n) {
        double total = 0;
        for (int i = 0; i < n; i++) total += x[i];
        return total;
    }

    /** x[i] ← x[i]·s for i in [0, n). */
    void scale(float[] x, int n, float s);

    /** x[i] ← sigmoid(x[i]) for i in [from, to). */
    void sigmoid(float[] x, int from, int to);

    /** x[i] ← tanh(x[i]) for i in [from, to). */
    void tanh(float[] x, int from, int to);

    /**
     * b [k, n] laid out for {@link #product} (the layout is the implementation's), into {@code into} when it has the
     * layout's size; {@code b} holds it row by row, or column by column when {@code columns}.
     */
    float[] pack(float[] b, int k, int n, boolean columns, float[] into);

    default float[] pack(float[] b, int k, int n, boolean columns) {
        return pack(b, k, n, columns, null);
    }

    /**
     * Rows [from, to) of c = a·b for row-major a [·, k] and c [·, n], b as {@link #pack} laid it out; each element one
     * chain of fused multiply-adds over k in order, starting from zero: the same bits whatever the other rows, the
     * vector width or the implementation ({@link ScalarFloatMath} computes exactly what {@link VectorFloatMath} does).
     */
    void product(float[] a, float[] packed, float[] c, int from, int to, int k, int n);

    /** Column ranges of {@link #product} start at multiples of this: a whole number of panels at any vector width. */
    int COLUMN_STEP = 64;

    /**
     * Columns [c0, c1) of rows [from, to) of a·b, written as rows of c1 − c0 values from c[0] (row i at
     * (i − from)·(c1 − c0)); c0 a multiple of {@link #COLUMN_STEP}. Each element as {@link #product} computes it.
     */
    void product(float[] a, float[] packed, float[] c, int from, int to, int k, int n, int c0, int c1);
}
