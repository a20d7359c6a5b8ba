package dev.lmkit.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link FloatMath} with the JDK Vector API; loaded only when the module is present. */
final class VectorFloatMath implements FloatMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ScalarFloatMath TAIL = new ScalarFloatMath();

    @Override
    public float max(float[] x, int n) {
        FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) m = m.max(FloatVector.fromArray(S, x, i));
        float result = m.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) result = Math.max(result, x[i]);
        return result;
    }

    @Override
    public double expShifted(float[] x, int n, float shift) {
        FloatVector sum = FloatVector.zero(S);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            FloatVector e = FloatVector.fromArray(S, x, i).sub(shift).lanewise(VectorOperators.EXP);
            e.intoArray(x, i);
            sum = sum.add(e);
        }
        double total = sum.reduceLanes(VectorOperators.ADD);
        float[] rest = new float[n - i];
        System.arraycopy(x, i, rest, 0, rest.length);
        total += TAIL.expShifted(rest, rest.length, shift);
        System.arraycopy(rest, 0, x, i, rest.length);
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
            FloatVector v = FloatVector.fromArray(S, x, i);
            one.div(v.neg().lanewise(VectorOperators.EXP).add(one)).intoArray(x, i);
        }
        TAIL.sigmoid(x, i, to);
    }

    @Override
    public void tanh(float[] x, int from, int to) {
        int i = from;
        for (int end = from + S.loopBound(to - from); i < end; i += S.length()) {
            FloatVector.fromArray(S, x, i).lanewise(VectorOperators.TANH).intoArray(x, i);
        }
        TAIL.tanh(x, i, to);
    }
}
