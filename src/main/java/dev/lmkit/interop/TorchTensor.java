package dev.lmkit.interop;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A tensor read from a PyTorch file: a strided view (sizes, strides and offset in elements) into one
 * storage, whose raw little-endian bytes the {@link TorchFile} reader attached. Two tensors are the
 * same parameter when they view the same storage identically (how tied weights look on disk).
 */
public record TorchTensor(TorchStorage storage, long offset, long[] shape, long[] stride) {

    /** One storage: its key in the file, element type, element count and bytes (set once read). */
    public static final class TorchStorage {
        final String key;
        final String dtype;
        final long elements;
        byte[] bytes;

        TorchStorage(String key, String dtype, long elements) {
            this.key = key;
            this.dtype = dtype;
            this.elements = elements;
        }

        public String dtype() {
            return dtype;
        }
    }

    /**
     * A tensor whose every element lies inside its storage, with at most 2^31 − 9 elements: checked with exact
     * arithmetic before anything reads it, so a crafted shape or stride is a refusal, not an overflow.
     */
    static TorchTensor checked(TorchStorage storage, long offset, long[] shape, long[] stride) {
        String what = storage.dtype + Arrays.toString(shape);
        if (shape.length != stride.length || shape.length > 8 || offset < 0) throw new IllegalArgumentException("a malformed tensor " + what);
        try {
            long n = 1, last = offset;
            for (int d = 0; d < shape.length; d++) {
                if (shape[d] < 0 || stride[d] < 0) throw new IllegalArgumentException("a malformed tensor " + what);
                n = Math.multiplyExact(n, shape[d]);
                if (shape[d] > 0) last = Math.addExact(last, Math.multiplyExact(shape[d] - 1, stride[d]));
            }
            if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("a tensor of " + n + " elements, more than lmkit imports");
            if (n > 0 && last >= storage.elements) throw new IllegalArgumentException("a tensor " + what + " reaches outside its storage");
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("a tensor " + what + " whose size overflows");
        }
        return new TorchTensor(storage, offset, shape, stride);
    }

    public long elements() {
        long n = 1;
        for (long s : shape) n *= s;
        return n;
    }

    /** True when both view the same memory the same way. */
    public boolean sameAs(TorchTensor other) {
        return storage == other.storage && offset == other.offset && Arrays.equals(shape, other.shape) && Arrays.equals(stride, other.stride);
    }

    /** The values in row-major order (float32 or float64 storages), whatever the strides. */
    public float[] floats() {
        if (storage.bytes == null) throw new IllegalStateException("storage " + storage.key + " was not read");
        ByteBuffer data = ByteBuffer.wrap(storage.bytes).order(ByteOrder.LITTLE_ENDIAN);
        int size = switch (storage.dtype) { case "float32" -> 4; case "float64" -> 8; default -> 0; };
        if (size == 0) throw new IllegalArgumentException("a " + storage.dtype + " tensor where a floating-point one was expected");
        float[] out = new float[Math.toIntExact(elements())];
        long[] index = new long[shape.length];
        for (int i = 0; i < out.length; i++) {
            long element = offset;
            for (int d = 0; d < shape.length; d++) element += index[d] * stride[d];
            if (element < 0 || element >= storage.elements) throw new IllegalArgumentException("a tensor reaches outside its storage");
            int at = Math.toIntExact(element * size);
            out[i] = size == 4 ? data.getFloat(at) : (float) data.getDouble(at);
            for (int d = shape.length - 1; d >= 0; d--) { // next row-major index
                if (++index[d] < shape[d]) break;
                index[d] = 0;
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return storage.dtype + Arrays.toString(shape);
    }
}
