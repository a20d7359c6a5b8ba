package dev.lmkit.fused;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Direct element access to a contiguous c-order INDArray's memory, so elementwise LSTM work runs as
 * plain Java loops instead of one native call per operation (~12 µs each on small arrays). Float
 * and double behind one interface: the JIT inlines both call targets.
 */
interface Buffers {
    double get(int i);

    void set(int i, double v);

    static Buffers of(INDArray a) {
        if (a.dataType() == DataType.FLOAT) {
            FloatBuffer f = floats(a);
            return new Buffers() {
                public double get(int i) {
                    return f.get(i);
                }

                public void set(int i, double v) {
                    f.put(i, (float) v);
                }
            };
        }
        if (a.dataType() == DataType.DOUBLE) {
            DoubleBuffer d = doubles(a);
            return new Buffers() {
                public double get(int i) {
                    return d.get(i);
                }

                public void set(int i, double v) {
                    d.put(i, v);
                }
            };
        }
        throw new IllegalArgumentException("fused LSTM needs float or double, not " + a.dataType());
    }

    /** The memory of a whole float array (c-order, or a contiguous vector) for bulk reads and writes. */
    static FloatBuffer floats(INDArray a) {
        if (a.dataType() != DataType.FLOAT) throw new IllegalArgumentException("need float, not " + a.dataType());
        return bytes(a).asFloatBuffer();
    }

    static DoubleBuffer doubles(INDArray a) {
        if (a.dataType() != DataType.DOUBLE) throw new IllegalArgumentException("need double, not " + a.dataType());
        return bytes(a).asDoubleBuffer();
    }

    private static ByteBuffer bytes(INDArray a) {
        boolean contiguous = a.ordering() == 'c' || a.isVector() && a.elementWiseStride() == 1;
        if (!contiguous || a.isView() && a.offset() != 0) throw new IllegalArgumentException("need a whole c-order array");
        return a.data().asNio().order(ByteOrder.nativeOrder());
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static double tanh(double x) {
        return 1 - 2 / (Math.exp(2 * x) + 1);
    }
}
