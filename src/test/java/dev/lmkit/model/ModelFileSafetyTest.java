package dev.lmkit.model;

import dev.lmkit.LmkitException;
import dev.lmkit.TestData;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Vocabulary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.*;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;
import java.util.function.UnaryOperator;
import java.util.zip.*;

import static org.junit.jupiter.api.Assertions.*;

/** A model file is untrusted input: crafted files are refused with one line, never deserialized, never allocated blindly. */
class ModelFileSafetyTest {
    @TempDir
    Path dir;
    Path good;
    ModelBundle bundle;

    /** Set when Java deserialization or class initialization reaches this test's classes. */
    static volatile boolean tripped;

    public static final class Tripwire implements Serializable {
        private void readObject(ObjectInputStream in) {
            tripped = true;
        }
    }

    /** Named in a crafted configuration.json: loading the class would run this. */
    public static final class LoadedByName {
        static {
            tripped = true;
        }
    }

    @BeforeEach
    void saveATinyModel() throws Exception {
        tripped = false;
        LmConfig config = TestData.tinyConfig(dir, "train.optimizer=adam");
        List<String> tokens = new ArrayList<>(List.of("<unk>", "<eos>"));
        for (int i = 2; i < 12; i++) tokens.add("w" + i);
        var net = NetworkFactory.create(config, tokens.size());
        net.getUpdater().getStateViewArray().assign(Nd4j.rand(net.getUpdater().getStateViewArray().shape())); // optimizer state to read back
        bundle = new ModelBundle(net, new Vocabulary(tokens), config, TrainingState.start(0.5));
        good = dir.resolve("good.zip");
        bundle.save(good);
    }

    /** A copy of the good model with entry {@code name} replaced (null: removed) and {@code extra} added. */
    private Path rewrite(String file, String name, UnaryOperator<byte[]> change, Map<String, byte[]> extra) throws IOException {
        Path out = dir.resolve(file);
        try (var zip = new ZipFile(good.toFile()); var z = new ZipOutputStream(Files.newOutputStream(out))) {
            for (var en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                byte[] bytes = zip.getInputStream(e).readAllBytes();
                if (e.getName().equals(name)) bytes = change.apply(bytes);
                if (bytes == null) continue;
                z.setLevel(e.getName().endsWith(".bin") ? Deflater.NO_COMPRESSION : Deflater.DEFAULT_COMPRESSION); // as lmkit writes them
                z.putNextEntry(new ZipEntry(e.getName()));
                z.write(bytes);
            }
            for (var e : extra.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
            }
        }
        return out;
    }

    private static String refusal(Path file) {
        LmkitException e = assertThrows(LmkitException.class, () -> ModelBundle.load(file));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().length() < 400, e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void aSavedModelLoadsWithItsWeightsOptimizerStateAndCounts() {
        bundle.net().getLayerWiseConfigurations().setIterationCount(17);
        bundle.save(good);
        ModelBundle loaded = ModelBundle.load(good);
        assertEquals(bundle.net().params(), loaded.net().params());
        assertEquals(bundle.net().getUpdater().getStateViewArray(), loaded.net().getUpdater().getStateViewArray());
        assertEquals(17, loaded.net().getLayerWiseConfigurations().getIterationCount(), "Adam's bias correction counts iterations");
        INDArray x = Nd4j.createFromArray(new float[][][]{{{1, 5, 7, 2}}});
        assertEquals(bundle.net().output(x), loaded.net().output(x));
    }

    @Test
    void anEntryLmkitDoesNotWriteIsRefusedAndNeverDeserialized() throws Exception {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(new Tripwire());
        }
        Path evil = rewrite("evil.zip", "", b -> b, Map.of("preprocessor.bin", bytes.toByteArray()));
        assertEquals("not an lmkit model: unexpected entry 'preprocessor.bin' (lmkit reads only the entries it writes): " + evil, refusal(evil));
        assertFalse(tripped, "no Java deserialization of model input");
    }

    @Test
    void classNamesInDl4jsConfigurationAreNeverLoaded() throws Exception {
        Path evil = rewrite("named.zip", "configuration.json", b -> new String(b, StandardCharsets.UTF_8)
                .replace("dev.lmkit.fused.FusedLstm", LoadedByName.class.getName()).getBytes(StandardCharsets.UTF_8), Map.of());
        ModelBundle.load(evil); // the network comes from lmkit/config.yaml
        assertFalse(tripped, "a class named in the file was initialized");
    }

    @Test
    void declaredSizesAreCheckedBeforeAnythingIsAllocated() throws Exception {
        // coefficients.bin declaring 2^40 floats (Nd4j.read crashed the JVM allocating them)
        Path huge = rewrite("huge.zip", "coefficients.bin", b -> withDeclaredLength(b, 1L << 40), Map.of());
        assertTrue(refusal(huge).startsWith("model/configuration mismatch: " + huge + "!coefficients.bin holds 1099511627776 values, the configuration needs 2460"), refusal(huge));
        // a length that matches no configuration
        Path off = rewrite("off.zip", "coefficients.bin", b -> withDeclaredLength(b, 1000), Map.of());
        assertTrue(refusal(off).contains("mismatch"), refusal(off));
        Path updater = rewrite("updater.zip", "updaterState.bin", b -> withDeclaredLength(b, Long.MAX_VALUE / 2), Map.of());
        assertTrue(refusal(updater).contains("updaterState.bin holds 4611686018427387903 values"), refusal(updater));
        Path rank = rewrite("rank.zip", "coefficients.bin", b -> ByteBuffer.wrap(b.clone()).putLong(32, 1L << 40).array(), Map.of());
        assertTrue(refusal(rank).startsWith("damaged or not an lmkit array (rank 1099511627776)"), refusal(rank));
    }

    /**
     * The array header as ArrayCodec documents it: mode (18 bytes), info length (8), "LONG" (6), the rank at 32, the
     * shape, strides, extras, ews and order as longs; the mode again, then the data length.
     */
    private static byte[] withDeclaredLength(byte[] b, long n) {
        ByteBuffer buf = ByteBuffer.wrap(b.clone());
        int rank = (int) buf.getLong(32), lastDim = 40 + 8 * (rank - 1), length = 32 + 8 * (2 * rank + 4) + 18;
        assertEquals(buf.getLong(lastDim), buf.getLong(length), "the fixture's shape and length");
        buf.putLong(lastDim, n);
        buf.putLong(length, n);
        return buf.array();
    }

    @Test
    void entriesThatInflatePastWhatTheConfigurationImpliesAreRefused() throws Exception {
        // a vocabulary entry inflating to 80 MB from a file of under 100 KB
        byte[] spaces = new byte[80 << 20];
        Arrays.fill(spaces, (byte) ' ');
        Path bomb = rewrite("bomb.zip", "lmkit/vocab.json", b -> {
            byte[] out = Arrays.copyOf(b, b.length + spaces.length);
            System.arraycopy(spaces, 0, out, b.length, spaces.length);
            return out;
        }, Map.of());
        assertTrue(Files.size(bomb) < 1 << 20);
        assertTrue(refusal(bomb).contains("holds more than"), refusal(bomb));
        // weights of the right length, all zeros: they deflate a thousandfold, which lmkit's weights never do
        Path zeros = rewrite("zeros.zip", "coefficients.bin", b -> {
            byte[] out = b.clone();
            Arrays.fill(out, 150, out.length, (byte) 0);
            return out;
        }, Map.of());
        try (var zip = new ZipFile(zeros.toFile()); var z = new ZipOutputStream(Files.newOutputStream(dir.resolve("zeros2.zip")))) {
            for (var en = zip.entries(); en.hasMoreElements(); ) { // the same, deflated
                ZipEntry e = en.nextElement();
                z.putNextEntry(new ZipEntry(e.getName()));
                z.write(zip.getInputStream(e).readAllBytes());
            }
        }
        zeros = dir.resolve("zeros2.zip");
        assertTrue(refusal(zeros).contains("zip bomb"), refusal(zeros));
    }

    @Test
    void missingOrDamagedTextEntriesAreOneLine() throws Exception {
        refusal(rewrite("novocab.zip", "lmkit/vocab.json", b -> null, Map.of()));
        refusal(rewrite("badvocab.zip", "lmkit/vocab.json", b -> "{\"a\": [[[[".getBytes(StandardCharsets.UTF_8), Map.of()));
        refusal(rewrite("badjson.zip", "configuration.json", b -> "[".repeat(100_000).getBytes(StandardCharsets.UTF_8), Map.of()));
        refusal(rewrite("badstate.zip", "lmkit/state.json", b -> "{\"epoch\": \"x\"}".getBytes(StandardCharsets.UTF_8), Map.of()));
        refusal(rewrite("badconfig.zip", "lmkit/config.yaml", b -> "model: {hidden: [2147483647, 2147483647]}".getBytes(StandardCharsets.UTF_8), Map.of()));
    }

    /**
     * Mutations of a good model (cut short, bytes flipped, entries dropped or swapped): each one loads or is refused
     * with one line naming the file; none gets an internal error, a stack trace or a crash. Seeded, so a failure repeats.
     */
    @Test
    void thousandsOfMutatedModelsLoadOrAreRefusedWithOneLine() throws Exception {
        byte[] original = Files.readAllBytes(good);
        Random random = new Random(27);
        int loaded = 0, refused = 0;
        for (int i = 0; i < 1500; i++) {
            byte[] b = original.clone();
            switch (i % 3) {
                case 0 -> b = Arrays.copyOf(b, random.nextInt(b.length));
                case 1 -> {
                    for (int k = 1 + random.nextInt(4); k > 0; k--) b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
                default -> {
                    int at = random.nextInt(b.length - 8);
                    ByteBuffer.wrap(b).putLong(at, random.nextBoolean() ? -1L : 1L << (20 + random.nextInt(40)));
                }
            }
            Path file = Files.write(dir.resolve("m" + i + ".zip"), b);
            try {
                ModelBundle.load(file);
                loaded++;
            } catch (LmkitException e) {
                assertFalse(e.getMessage().contains("\n"), "case " + i + ": " + e.getMessage());
                assertTrue(e.getMessage().contains(file.toString()), "case " + i + " names the file: " + e.getMessage());
                refused++;
            } catch (Throwable t) {
                throw new AssertionError("case " + i + " (seed 27, kept as " + TestData.keepFailing(file, "model") + "): " + t, t);
            }
            Files.delete(file);
        }
        assertEquals(1500, loaded + refused);
        assertTrue(refused > 300 && loaded > 300, "flipped weights still load, damaged structure is refused: " + loaded + " / " + refused);
        assertFalse(tripped);
    }
}
