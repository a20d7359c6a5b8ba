package dev.lmkit.fused;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Passes over a network's flat parameter and gradient vectors, split over the workers. Global clipping and the
 * SGD update are two passes here where ND4J's are four (norm, scale, DL4J's updater dividing by the batch and
 * multiplying by the rate, then the subtraction). The loops run over cache-sized chunks copied into Java arrays,
 * where the JIT vectorizes them (element-wise buffer access does not vectorize).
 */
public final class FlatVectors {
    private static final int CHUNK = 4096;

    private FlatVectors() {
    }

    /** The L2 norm of a whole contiguous array. */
    public static double norm2(INDArray v) {
        int n = Math.toIntExact(v.length());
        double[] parts = new double[Parts.WORKERS];
        if (v.dataType() == DataType.FLOAT) {
            FloatBuffer buffer = Buffers.floats(v);
            Parts.run(n, n, (part, from, to) -> {
                float[] chunk = new float[CHUNK];
                double sum = 0;
                for (int at = from; at < to; at += CHUNK) {
                    int len = Math.min(CHUNK, to - at);
                    buffer.get(at, chunk, 0, len);
                    sum += sumOfSquares(chunk, len);
                }
                parts[part] = sum;
            });
        } else {
            DoubleBuffer buffer = Buffers.doubles(v);
            Parts.run(n, n, (part, from, to) -> {
                double sum = 0;
                for (int i = from; i < to; i++) sum += buffer.get(i) * buffer.get(i);
                parts[part] = sum;
            });
        }
        double total = 0;
        for (double p : parts) total += p; // in part order, so the same split gives the same bits
        return Math.sqrt(total);
    }

    /** Four running sums: one would wait on each addition before the next (float adds are not reordered). */
    private static double sumOfSquares(float[] x, int len) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= len; i += 4) {
            s0 += x[i] * x[i];
            s1 += x[i + 1] * x[i + 1];
            s2 += x[i + 2] * x[i + 2];
            s3 += x[i + 3] * x[i + 3];
        }
        for (; i < len; i++) s0 += x[i] * x[i];
        return (double) s0 + s1 + s2 + s3;
    }

    /**
     * One SGD step: g ← rate·g, then p ← p − g. The gradient array ends up holding the update, as
     * DL4J's updater leaves it (listeners read it).
     */
    public static void sgdStep(INDArray params, INDArray gradient, double rate) {
        if (params.length() != gradient.length() || params.dataType() != gradient.dataType()) {
            throw new IllegalArgumentException("params and gradient differ in length or type");
        }
        int n = Math.toIntExact(params.length());
        if (params.dataType() == DataType.FLOAT) {
            FloatBuffer p = Buffers.floats(params), g = Buffers.floats(gradient);
            float r = (float) rate;
            Parts.run(n, n, (part, from, to) -> {
                float[] pc = new float[CHUNK], gc = new float[CHUNK];
                for (int at = from; at < to; at += CHUNK) {
                    int len = Math.min(CHUNK, to - at);
                    p.get(at, pc, 0, len);
                    g.get(at, gc, 0, len);
                    for (int i = 0; i < len; i++) {
                        gc[i] *= r;
                        pc[i] -= gc[i];
                    }
                    p.put(at, pc, 0, len);
                    g.put(at, gc, 0, len);
                }
            });
        } else {
            DoubleBuffer p = Buffers.doubles(params), g = Buffers.doubles(gradient);
            Parts.run(n, n, (part, from, to) -> {
                for (int i = from; i < to; i++) {
                    double update = rate * g.get(i);
                    g.put(i, update);
                    p.put(i, p.get(i) - update);
                }
            });
        }
    }
}
