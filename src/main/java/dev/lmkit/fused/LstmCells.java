package dev.lmkit.fused;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;

/**
 * The element-wise part of one LSTM forward step, after the recurrent product: the bias (added here, where each
 * gate row is read anyway, rather than in a pass of its own over all steps' rows), gate activations, cell state, its
 * tanh and the output. Gate columns are as {@link Gates} says. Rows are time-major (t·batch + b); the gate slots of {@code gates} are overwritten
 * with activations. Float arrays go through {@link FloatMath} a row at a time (five transcendental
 * functions per unit, vectorized); other types through {@link Buffers}.
 */
final class LstmCells {
    /** Runs step t for batch rows [from, to). */
    interface Step {
        void run(int t, int from, int to);
    }

    private LstmCells() {
    }

    /**
     * {@code gates} [steps·batch, 4h] holds x·W of every step, {@code bias} [1, 4h] the gates' bias, {@code recurrent}
     * [batch, 4h] h₋₁·RW of the step; {@code c0} [batch, h] the state before step 0. A pre-activation is (x·W + b) + h₋₁·RW.
     */
    static Step forward(INDArray gates, INDArray bias, INDArray recurrent, INDArray cells, INDArray tanhCells, INDArray hidden, INDArray c0,
                        int batch, int h) {
        if (gates.dataType() == DataType.FLOAT) {
            return floats(Buffers.floats(gates), bias.toFloatVector(), Buffers.floats(recurrent), Buffers.floats(cells),
                    Buffers.floats(tanhCells), Buffers.floats(hidden), Buffers.floats(c0), batch, h);
        }
        double[] b = bias.toDoubleVector();
        Buffers z = Buffers.of(gates), r = Buffers.of(recurrent), cs = Buffers.of(cells), tcs = Buffers.of(tanhCells);
        Buffers hs = Buffers.of(hidden), c0b = Buffers.of(c0);
        int f = Gates.FORGET * h, o = Gates.OUTPUT * h, in = Gates.INPUT * h;
        return (t, from, to) -> {
            int gateRow = 4 * h;
            for (int bi = from; bi < to; bi++) {
                int zRow = (t * batch + bi) * gateRow, rRow = bi * gateRow, hRow = (t * batch + bi) * h;
                for (int j = 0; j < h; j++) {
                    double a = Buffers.tanh((z.get(zRow + j) + b[j]) + r.get(rRow + j));
                    double fg = Buffers.sigmoid((z.get(zRow + f + j) + b[f + j]) + r.get(rRow + f + j));
                    double og = Buffers.sigmoid((z.get(zRow + o + j) + b[o + j]) + r.get(rRow + o + j));
                    double ig = Buffers.sigmoid((z.get(zRow + in + j) + b[in + j]) + r.get(rRow + in + j));
                    z.set(zRow + j, a);
                    z.set(zRow + f + j, fg);
                    z.set(zRow + o + j, og);
                    z.set(zRow + in + j, ig);
                    double cPrev = t == 0 ? c0b.get(bi * h + j) : cs.get(hRow - batch * h + j);
                    double c = fg * cPrev + ig * a;
                    double tc = Buffers.tanh(c);
                    cs.set(hRow + j, c);
                    tcs.set(hRow + j, tc);
                    hs.set(hRow + j, og * tc);
                }
            }
        };
    }

    private static Step floats(FloatBuffer z, float[] bias, FloatBuffer r, FloatBuffer cs, FloatBuffer tcs, FloatBuffer hs, FloatBuffer c0,
                               int batch, int h) {
        FloatMath math = FloatMath.BEST;
        int f = Gates.FORGET * h, o = Gates.OUTPUT * h, in = Gates.INPUT * h;
        return (t, from, to) -> {
            float[] g = new float[4 * h], rec = new float[4 * h], cPrev = new float[h], c = new float[h], tc = new float[h], out = new float[h];
            for (int bi = from; bi < to; bi++) {
                int zRow = (t * batch + bi) * 4 * h, hRow = (t * batch + bi) * h;
                z.get(zRow, g, 0, 4 * h);
                r.get(bi * 4 * h, rec, 0, 4 * h);
                for (int k = 0; k < 4 * h; k++) g[k] = (g[k] + bias[k]) + rec[k];
                math.tanh(g, 0, h); // block input; the three gates after it are sigmoids
                math.sigmoid(g, f, 4 * h);
                if (t == 0) c0.get(bi * h, cPrev, 0, h); else cs.get(hRow - batch * h, cPrev, 0, h);
                for (int j = 0; j < h; j++) c[j] = g[f + j] * cPrev[j] + g[in + j] * g[j];
                System.arraycopy(c, 0, tc, 0, h);
                math.tanh(tc, 0, h);
                for (int j = 0; j < h; j++) out[j] = g[o + j] * tc[j];
                z.put(zRow, g, 0, 4 * h);
                cs.put(hRow, c, 0, h);
                tcs.put(hRow, tc, 0, h);
                hs.put(hRow, out, 0, h);
            }
        };
    }
}
