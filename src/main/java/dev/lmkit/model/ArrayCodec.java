package dev.lmkit.model;

import dev.lmkit.LmkitException;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Arrays in the byte format of {@code Nd4j.write} (which every lmkit model holds), read without trusting the
 * header: a shape-info buffer {@code (MIXED_DATA_TYPES, length, LONG, [rank, shape…, strides…, extras, ews,
 * order])}, then the data {@code (MIXED_DATA_TYPES, length, FLOAT|DOUBLE, values…)}, big-endian. Ranks, lengths and
 * data types are checked, and the length against what the caller expects, before anything is allocated; a
 * plain {@code Nd4j.read} would allocate whatever the file declares and crash the JVM on a lie.
 */
public final class ArrayCodec {
    private static final String MODE = "MIXED_DATA_TYPES";
    private static final int MAX_RANK = 8;
    private static final int CHUNK = 1 << 14;

    private ArrayCodec() {
    }

    public static void write(INDArray array, DataOutputStream out) throws IOException {
        Nd4j.write(array, out);
    }

    /**
     * Reads one array of at most {@code maxLength} elements (exactly {@code exactLength} when that is ≥ 0);
     * {@code where} names the file and entry in the error.
     */
    public static INDArray read(DataInputStream in, long exactLength, long maxLength, String where) throws IOException {
        try {
            return readChecked(in, exactLength, maxLength, where);
        } catch (java.io.EOFException | java.io.UTFDataFormatException e) {
            throw new LmkitException("truncated or damaged array in " + where);
        }
    }

    private static INDArray readChecked(DataInputStream in, long exactLength, long maxLength, String where) throws IOException {
        expect(in.readUTF(), MODE, where);
        long infoLength = in.readLong();
        if (infoLength < 4 || infoLength > 2L * MAX_RANK + 4) throw damaged(where, "shape info of " + infoLength + " values");
        expect(in.readUTF(), "LONG", where);
        long[] info = new long[(int) infoLength];
        for (int i = 0; i < info.length; i++) info[i] = in.readLong();
        long rank = info[0];
        if (rank < 0 || rank > MAX_RANK || infoLength != 2 * rank + 4) throw damaged(where, "rank " + rank);
        long[] shape = Arrays.copyOfRange(info, 1, 1 + (int) rank);
        long length = 1;
        for (long d : shape) {
            if (d < 0) throw damaged(where, "shape " + Arrays.toString(shape));
            try {
                length = Math.multiplyExact(length, d);
            } catch (ArithmeticException e) {
                throw damaged(where, "shape " + Arrays.toString(shape));
            }
        }
        if (info[info.length - 1] != 'c') throw damaged(where, "order " + info[info.length - 1]);
        expect(in.readUTF(), MODE, where);
        long dataLength = in.readLong();
        if (dataLength != length) throw damaged(where, dataLength + " values for shape " + Arrays.toString(shape));
        if (exactLength >= 0 && length != exactLength) throw new LengthMismatch(where, length, exactLength);
        if (length > maxLength) throw damaged(where, length + " values where at most " + maxLength + " fit");
        String type = in.readUTF();
        DataType dataType = switch (type) {
            case "FLOAT" -> DataType.FLOAT;
            case "DOUBLE" -> DataType.DOUBLE;
            default -> throw damaged(where, "data type " + dataType(type));
        };
        INDArray array = Nd4j.createUninitialized(dataType, shape, 'c');
        if (dataType == DataType.FLOAT) {
            FloatPointer target = new FloatPointer(array.data().addressPointer());
            float[] chunk = new float[(int) Math.min(CHUNK, Math.max(1, length))];
            for (long done = 0; done < length; ) {
                int n = (int) Math.min(chunk.length, length - done);
                for (int i = 0; i < n; i++) chunk[i] = in.readFloat();
                target.position(done).put(chunk, 0, n);
                done += n;
            }
        } else {
            DoublePointer target = new DoublePointer(array.data().addressPointer());
            double[] chunk = new double[(int) Math.min(CHUNK, Math.max(1, length))];
            for (long done = 0; done < length; ) {
                int n = (int) Math.min(chunk.length, length - done);
                for (int i = 0; i < n; i++) chunk[i] = in.readDouble();
                target.position(done).put(chunk, 0, n);
                done += n;
            }
        }
        return array;
    }

    /** An array of another length than the configuration needs; {@link #held} lets a caller say what would fit. */
    public static final class LengthMismatch extends LmkitException {
        final long held;

        LengthMismatch(String where, long held, long needed) {
            super("model/configuration mismatch: " + where + " holds " + held + " values, the configuration needs " + needed);
            this.held = held;
        }
    }

    private static void expect(String found, String expected, String where) {
        if (!expected.equals(found)) throw damaged(where, "'" + dataType(found) + "' where '" + expected + "' belongs");
    }

    private static String dataType(String s) {
        return dev.lmkit.Messages.quote(s.length() > 40 ? s.substring(0, 40) + "…" : s);
    }

    private static LmkitException damaged(String where, String what) {
        return new LmkitException("damaged or not an lmkit array (" + what + "): " + where);
    }
}
