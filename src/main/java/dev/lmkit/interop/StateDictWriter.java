package dev.lmkit.interop;

import java.io.*;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a PyTorch state_dict in the zip format of {@code torch.save} (≥ 1.6): {@code archive/data.pkl},
 * a protocol-2 pickle of an OrderedDict of name → {@code torch._utils._rebuild_tensor_v2(storage,
 * offset, size, stride, requires_grad, hooks)} whose storages are persistent ids
 * {@code ('storage', torch.FloatStorage, key, 'cpu', numel)}; each storage's little-endian floats in
 * {@code archive/data/<key>}, uncompressed; {@code archive/version}. Tensors given as the same
 * array object share one storage (tied weights), as in a tied model's own state_dict.
 */
final class StateDictWriter {
    /** A contiguous float tensor of the given shape. */
    record Tensor(float[] data, long... shape) {
    }

    private final Map<String, Tensor> tensors = new LinkedHashMap<>();

    StateDictWriter put(String name, Tensor t) {
        tensors.put(name, t);
        return this;
    }

    void write(Path file) throws IOException {
        Map<float[], Integer> storageKeys = new java.util.IdentityHashMap<>();
        for (Tensor t : tensors.values()) storageKeys.putIfAbsent(t.data(), storageKeys.size());
        dev.lmkit.OutputFiles.write(file, tmp -> {
            try (var zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                stored(zip, "archive/data.pkl", pickle(storageKeys));
                for (var e : storageKeys.entrySet()) stored(zip, "archive/data/" + e.getValue(), littleEndian(e.getKey()));
                stored(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
            }
        });
    }

    private byte[] pickle(Map<float[], Integer> storageKeys) {
        Pickle p = new Pickle();
        p.op(0x80).op(2); // PROTO 2
        p.global("collections", "OrderedDict").op(')').op('R'); // OrderedDict()
        p.op('(');
        for (var e : tensors.entrySet()) {
            Tensor t = e.getValue();
            p.string(e.getKey());
            p.global("torch._utils", "_rebuild_tensor_v2");
            p.op('(');
            p.op('(').string("storage").global("torch", "FloatStorage").string(String.valueOf(storageKeys.get(t.data())))
                    .string("cpu").integer(t.data().length).op('t').op('Q'); // persistent id → BINPERSID
            p.integer(0);
            p.tuple(List.of(box(t.shape())));
            p.tuple(List.of(box(strides(t.shape()))));
            p.op(0x89); // requires_grad False
            p.global("collections", "OrderedDict").op(')').op('R'); // backward hooks
            p.op('t').op('R');
        }
        p.op('u'); // SETITEMS
        p.op('.');
        return p.bytes.toByteArray();
    }

    private static Long[] box(long[] v) {
        Long[] out = new Long[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }

    private static long[] strides(long[] shape) {
        long[] s = new long[shape.length];
        long step = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = step;
            step *= shape[d];
        }
        return s;
    }

    private static byte[] littleEndian(float[] data) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        return b.array();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    /** The few pickle opcodes a state_dict needs (the import's tests craft hostile files with it too). */
    static final class Pickle {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        byte[] toByteArray() {
            return bytes.toByteArray();
        }

        Pickle op(int code) {
            bytes.write(code);
            return this;
        }

        Pickle global(String module, String name) {
            op('c');
            bytes.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Pickle string(String s) { // BINUNICODE
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            op('X');
            bytes.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array());
            bytes.writeBytes(utf8);
            return this;
        }

        Pickle integer(long v) {
            if (v >= 0 && v < (1L << 31)) { // BININT
                op('J');
                bytes.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
            } else { // LONG1 with 8 bytes
                op(0x8a).op(8);
                bytes.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
            }
            return this;
        }

        Pickle tuple(List<Long> values) {
            op('(');
            for (long v : values) integer(v);
            return op('t');
        }
    }
}
