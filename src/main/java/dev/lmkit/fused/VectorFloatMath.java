package dev.lmkit.fused;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatMath} with the JDK Vector API; loaded only when the module is present. exp is a
 * polynomial of plain adds, multiplies and fused multiply-adds (Cephes' expf, max relative error
 * ~1e-7), not the API's {@code EXP}: that one gives different last bits in interpreted and compiled
 * code, so a resumed training run drifted from an uninterrupted one. The scalar tail computes the
 * same polynomial with {@code Math.fma}, bit for bit.
 */
final class VectorFloatMath implements FloatMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float LOG2E = 1.44269504088896341f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f; // 1.5·2²³: adding it rounds to an integer in the low mantissa bits
    private static final float[] POLY = {1.9875691500E-4f, 1.3981999507E-3f, 8.3334519073E-3f, 4.1665795894E-2f,
            1.6666665459E-1f, 5.0000001201E-1f};

    private static FloatVector exp(FloatVector x) {
        x = x.max(-87.3f).min(88.3f);
        FloatVector shifted = x.fma(LOG2E, ROUND);
        IntVector n = shifted.reinterpretAsInts().sub(Float.floatToRawIntBits(ROUND));
        FloatVector k = shifted.sub(ROUND);
        FloatVector f = k.fma(FloatVector.broadcast(S, -LN2_HI), x);
        f = k.fma(FloatVector.broadcast(S, -LN2_LO), f);
        FloatVector p = FloatVector.broadcast(S, POLY[0]);
        for (int i = 1; i < POLY.length; i++) p = p.fma(f, FloatVector.broadcast(S, POLY[i]));
        p = p.mul(f).fma(f, f).add(1f);
        return p.mul(n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
    }

    static float exp(float x) {
        x = Math.min(Math.max(x, -87.3f), 88.3f);
        float shifted = Math.fma(x, LOG2E, ROUND);
        int n = Float.floatToRawIntBits(shifted) - Float.floatToRawIntBits(ROUND);
        float k = shifted - ROUND;
        float f = Math.fma(k, -LN2_HI, x);
        f = Math.fma(k, -LN2_LO, f);
        float p = POLY[0];
        for (int i = 1; i < POLY.length; i++) p = Math.fma(p, f, POLY[i]);
        p = Math.fma(p * f, f, f) + 1f;
        return p * Float.intBitsToFloat((n + 127) << 23);
    }

    @Override
    public float max(float[] x, int from, int to) {
        FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = from;
        for (int end = from + S.loopBound(to - from); i < end; i += S.length()) m = m.max(FloatVector.fromArray(S, x, i));
        float result = m.reduceLanes(VectorOperators.MAX);
        for (; i < to; i++) result = Math.max(result, x[i]);
        return result;
    }

    @Override
    public double expShifted(float[] x, int from, int to, float shift) {
        FloatVector sum = FloatVector.zero(S);
        int i = from;
        for (int end = from + S.loopBound(to - from); i < end; i += S.length()) {
            FloatVector e = exp(FloatVector.fromArray(S, x, i).sub(shift));
            e.intoArray(x, i);
            sum = sum.add(e);
        }
        double total = sum.reduceLanes(VectorOperators.ADD);
        for (; i < to; i++) {
            x[i] = exp(x[i] - shift);
            total += x[i];
        }
        return total;
    }

    @Override
    public void scale(float[] x, int n, float s) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) FloatVector.fromArray(S, x, i).mul(s).intoArray(x, i);
        for (; i < n; i++) x[i] *= s;
    }

    @Override
    public void sigmoid(float[] x, int from, int to) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = from;
        for (int end = from + S.loopBound(to - from); i < end; i += S.length()) {
            one.div(exp(FloatVector.fromArray(S, x, i).neg()).add(one)).intoArray(x, i);
        }
        for (; i < to; i++) x[i] = 1f / (exp(-x[i]) + 1f);
    }

    /** tanh(x) = 1 − 2 / (exp(2x) + 1). */
    @Override
    public void tanh(float[] x, int from, int to) {
        FloatVector one = FloatVector.broadcast(S, 1f), two = FloatVector.broadcast(S, 2f);
        int i = from;
        for (int end = from + S.loopBound(to - from); i < end; i += S.length()) {
            one.sub(two.div(exp(FloatVector.fromArray(S, x, i).mul(2f)).add(one))).intoArray(x, i);
        }
        for (; i < to; i++) x[i] = 1f - 2f / (exp(2f * x[i]) + 1f);
    }

    @Override
    public float[] pack(float[] b, int k, int n, boolean columns, float[] into) {
        return VectorPanels.pack(b, k, n, columns, into);
    }

    @Override
    public void product(float[] a, float[] packed, float[] c, int from, int to, int k, int n) {
        VectorPanels.product(a, packed, c, from, to, k, n);
    }

    @Override
    public void product(float[] a, float[] packed, float[] c, int from, int to, int k, int n, int c0, int c1) {
        VectorPanels.product(a, packed, c, from, to, k, n, c0, c1, 0, c1 - c0);
    }
}
