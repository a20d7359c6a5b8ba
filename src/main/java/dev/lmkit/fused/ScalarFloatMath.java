package dev.lmkit.fused;

/** {@link FloatMath} as plain loops, for JVMs without the Vector API module. */
final class ScalarFloatMath implements FloatMath {
    @Override
    public float max(float[] x, int from, int to) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) m = Math.max(m, x[i]);
        return m;
    }

    @Override
    public double expShifted(float[] x, int from, int to, float shift) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            x[i] = (float) Math.exp(x[i] - shift);
            sum += x[i];
        }
        return sum;
    }

    @Override
    public void scale(float[] x, int n, float s) {
        for (int i = 0; i < n; i++) x[i] *= s;
    }

    @Override
    public void sigmoid(float[] x, int from, int to) {
        for (int i = from; i < to; i++) x[i] = (float) Buffers.sigmoid(x[i]);
    }

    @Override
    public void tanh(float[] x, int from, int to) {
        for (int i = from; i < to; i++) x[i] = (float) Buffers.tanh(x[i]);
    }

    /** Row-major. */
    @Override
    public float[] pack(float[] b, int k, int n, boolean columns, float[] into) {
        float[] rows = into != null && into.length == k * n ? into : new float[k * n];
        if (!columns) {
            System.arraycopy(b, 0, rows, 0, k * n);
            return rows;
        }
        for (int j = 0; j < n; j++) for (int q = 0; q < k; q++) rows[q * n + j] = b[j * k + q];
        return rows;
    }

    @Override
    public void product(float[] a, float[] b, float[] c, int from, int to, int k, int n) {
        for (int i = from; i < to; i++) {
            for (int j = 0; j < n; j++) {
                float acc = 0f;
                for (int q = 0; q < k; q++) acc = Math.fma(a[i * k + q], b[q * n + j], acc);
                c[i * n + j] = acc;
            }
        }
    }

    @Override
    public void product(float[] a, float[] b, float[] c, int from, int to, int k, int n, int c0, int c1) {
        for (int i = from; i < to; i++) {
            for (int j = c0; j < c1; j++) {
                float acc = 0f;
                for (int q = 0; q < k; q++) acc = Math.fma(a[i * k + q], b[q * n + j], acc);
                c[(i - from) * (c1 - c0) + j - c0] = acc;
            }
        }
    }
}
