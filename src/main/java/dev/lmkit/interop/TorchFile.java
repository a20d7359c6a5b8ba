package dev.lmkit.interop;

import dev.lmkit.LmkitException;
import dev.lmkit.Messages;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;
import net.razorvine.pickle.objects.ClassDictConstructor;

import java.io.*;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads what {@code torch.save} wrote, without Python: the pickle stream through razorvine's
 * unpickler (classes it does not know, such as {@code model.RNNModel}, become maps of their
 * attributes), tensors as {@link TorchTensor}s over raw storages. Both on-disk formats: the zip
 * archive of PyTorch ≥ 1.6 ({@code <name>/data.pkl} plus one entry per storage under
 * {@code <name>/data/}) and the legacy stream (magic number, protocol, system info, the object
 * pickle, the list of storage keys, then each storage as an 8-byte element count and its bytes);
 * see torch/serialization.py.
 */
public final class TorchFile {
    private static final Map<String, String> STORAGE_TYPES = Map.of(
            "FloatStorage", "float32", "DoubleStorage", "float64", "HalfStorage", "float16", "LongStorage", "int64",
            "IntStorage", "int32", "ByteStorage", "uint8", "BFloat16Storage", "bfloat16", "BoolStorage", "bool");
    private static final long LEGACY_MAGIC_LOW = 0x20f9469cfc6cL; // 0x1950a86a20f9469cfc6c
    private static final Map<String, Integer> ELEMENT_SIZE = Map.of("float32", 4, "float64", 8, "float16", 2, "int64", 8,
            "int32", 4, "uint8", 1, "bfloat16", 2, "bool", 1);

    static {
        for (var e : STORAGE_TYPES.entrySet()) {
            Unpickler.registerConstructor("torch", e.getKey(), new StorageType(e.getValue()));
            Unpickler.registerConstructor("torch.cuda", e.getKey(), new StorageType(e.getValue())); // saved from a GPU
        }
        Unpickler.registerConstructor("torch.nn.parameter", "Parameter", args -> args[0]); // PyTorch 0.3's parameters
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", TorchFile::rebuildTensor);
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor", TorchFile::rebuildTensor);
        Unpickler.registerConstructor("torch._utils", "_rebuild_parameter", args -> args[0]);
        Unpickler.registerConstructor("collections", "OrderedDict", args -> new OrderedDict());
    }

    /**
     * Python's OrderedDict. A state_dict pickles its items first and then, as its state, a
     * {@code _metadata} attribute; razorvine's generic class map would drop the items on that.
     */
    public static final class OrderedDict extends LinkedHashMap<Object, Object> {
        public void __setstate__(HashMap<String, Object> state) {
            // attributes such as _metadata (version numbers of the modules) are not needed
        }
    }

    private TorchFile() {
    }

    /** A storage class named in a pickle ({@code torch.FloatStorage}); never constructed, only named. */
    private record StorageType(String dtype) implements IObjectConstructor {
        public Object construct(Object[] args) {
            throw new PickleException("storage types are not constructed");
        }
    }

    private static Object rebuildTensor(Object[] args) {
        if (!(args[0] instanceof TorchTensor.TorchStorage storage)) throw new PickleException("a tensor without a storage");
        return TorchTensor.checked(storage, ((Number) args[1]).longValue(), longs(args[2]), longs(args[3]));
    }

    private static long[] longs(Object tuple) {
        Object[] items = (Object[]) tuple;
        long[] out = new long[items.length];
        for (int i = 0; i < items.length; i++) out[i] = ((Number) items[i]).longValue();
        return out;
    }

    /** The object {@code torch.save} stored in {@code file}: a map for a state_dict, a class map for a pickled module. */
    public static Object read(Path file) {
        if (!Files.isRegularFile(file)) throw new LmkitException("no such PyTorch file: " + file);
        try {
            return isZip(file) ? readZip(file) : readLegacy(file);
        } catch (LmkitException e) {
            throw new LmkitException(e.getMessage() + ": " + file);
        } catch (IOException | RuntimeException e) {
            throw new LmkitException("not a readable PyTorch file (" + describe(e) + "): " + file);
        } catch (StackOverflowError e) { // razorvine builds iteratively; hashing a nested key or value recurses
            throw new LmkitException("not a readable PyTorch file (objects nested too deeply): " + file);
        }
    }

    private static String describe(Exception e) {
        if (e instanceof EOFException) return "truncated";
        String m = e.getMessage();
        if (m == null) return e.getClass().getSimpleName();
        // razorvine's advice to register a constructor is for its programmers, not for lmkit's users
        if (m.contains("IObjectConstructor") || m.contains("expected zero arguments for construction of ClassDict")) {
            return "it pickles a Python object lmkit does not read" + (m.contains("(for ") ? " (" + Messages.quote(m.replaceAll("(?s).*\\(for ([^)]*)\\).*", "$1")) + ")" : "");
        }
        return Messages.quote(m);
    }

    /** Bytes a storage of {@code elements} values of {@code dtype} holds, or a refusal when that is past what Java arrays hold. */
    private static int storageBytes(long elements, String dtype) {
        long bytes;
        try {
            bytes = Math.multiplyExact(elements, (long) ELEMENT_SIZE.get(dtype));
        } catch (ArithmeticException e) {
            bytes = -1;
        }
        if (elements < 0 || bytes < 0 || bytes > MAX_STORAGE_BYTES) {
            throw new LmkitException("a storage of " + elements + " " + dtype + " values: more than lmkit imports (2 GB per tensor)");
        }
        return (int) bytes;
    }

    /** The largest array Java allocates. */
    private static final long MAX_STORAGE_BYTES = Integer.MAX_VALUE - 8;
    /** A pickle of a few modules and a state_dict is kilobytes; torch.save stores tensors uncompressed. */
    private static final long PICKLE_MAX = 64 << 20, MAX_RATIO = 100;

    private static boolean isZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        }
    }

    private static Object readZip(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry pkl = zip.stream().filter(e -> e.getName().endsWith("/data.pkl") || e.getName().equals("data.pkl")).findFirst()
                    .orElseThrow(() -> new PickleException("no data.pkl in the archive"));
            String prefix = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
            Map<String, TorchTensor.TorchStorage> storages = new HashMap<>();
            Object root;
            try (InputStream in = zip.getInputStream(pkl)) {
                byte[] pickle = in.readNBytes((int) PICKLE_MAX + 1);
                if (pickle.length > PICKLE_MAX) throw new LmkitException("its pickle inflates past " + PICKLE_MAX + " bytes");
                root = new StorageUnpickler(storages, false).load(new ByteArrayInputStream(pickle));
            }
            for (TorchTensor.TorchStorage s : storages.values()) {
                ZipEntry entry = zip.getEntry(prefix + "data/" + s.key);
                if (entry == null) throw new EOFException();
                int bytes = storageBytes(s.elements, s.dtype);
                if (entry.getCompressedSize() >= 0 && entry.getCompressedSize() < bytes / MAX_RATIO) {
                    throw new LmkitException("storage " + Messages.quote(s.key) + " claims " + bytes + " bytes from " + entry.getCompressedSize()
                            + " in the file (a zip bomb or a damaged file)");
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    s.bytes = in.readNBytes(bytes); // what the tensors need; more in the entry is never read
                }
                if (s.bytes.length < bytes) throw new EOFException();
            }
            return root;
        }
    }

    private static Object readLegacy(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Object magic = new Unpickler().load(in);
            if (!(magic instanceof Number n) || (n.longValue() & 0xffffffffffffL) != LEGACY_MAGIC_LOW) {
                throw new PickleException("not a PyTorch file");
            }
            new Unpickler().load(in); // protocol version
            new Unpickler().load(in); // system info (byte order, type sizes)
            Map<String, TorchTensor.TorchStorage> storages = new HashMap<>();
            Object root = new StorageUnpickler(storages, true).load(in);
            List<?> keys = (List<?>) new Unpickler().load(in);
            DataInputStream data = new DataInputStream(in);
            for (Object key : keys) {
                TorchTensor.TorchStorage s = storages.get(String.valueOf(key));
                if (s == null) throw new PickleException("storage " + key + " is not used");
                byte[] count = data.readNBytes(8);
                if (count.length < 8) throw new EOFException();
                long elements = ByteBuffer.wrap(count).order(ByteOrder.LITTLE_ENDIAN).getLong();
                if (elements != s.elements) throw new PickleException("storage " + Messages.quote(String.valueOf(key)) + " holds " + elements
                        + " values where its tensors declared " + s.elements);
                int bytes = storageBytes(elements, s.dtype);
                if (bytes > size) throw new EOFException(); // more than the whole file
                s.bytes = data.readNBytes(bytes);
                if (s.bytes.length < bytes) throw new EOFException();
            }
            return root;
        }
    }

    /** An unpickler that turns PyTorch's persistent ids into storages (and, in the legacy format, source-checked classes into their names). */
    private static final class StorageUnpickler extends Unpickler {
        private final Map<String, TorchTensor.TorchStorage> storages;
        private final boolean legacy;

        StorageUnpickler(Map<String, TorchTensor.TorchStorage> storages, boolean legacy) {
            this.storages = storages;
            this.legacy = legacy;
        }

        @Override
        protected Object persistentLoad(Object pid) {
            Object[] id = (Object[]) pid;
            if ("module".equals(id[0])) return id[1]; // legacy: ('module', class, source file, source)
            if (!"storage".equals(id[0])) throw new PickleException("unknown persistent id " + id[0]);
            if (!(id[1] instanceof StorageType type)) throw new PickleException("unknown storage type " + id[1]);
            String key = String.valueOf(id[2]);
            long elements = ((Number) id[4]).longValue();
            storageBytes(elements, type.dtype());
            if (legacy && id.length > 5 && id[5] != null) throw new PickleException("storage views (PyTorch < 0.4) are not supported");
            return storages.computeIfAbsent(key, k -> new TorchTensor.TorchStorage(k, type.dtype(), elements));
        }
    }

    /** The Python class name of an unpickled object of a class razorvine does not know ("model.RNNModel"), else null. */
    static String className(Object o) {
        return o instanceof net.razorvine.pickle.objects.ClassDict c ? c.getClassName() : null;
    }

    static boolean isClass(Object o) {
        return o instanceof ClassDictConstructor;
    }
}
