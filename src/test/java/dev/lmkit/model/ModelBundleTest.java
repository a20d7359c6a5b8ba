package dev.lmkit.model;

import dev.lmkit.LmkitException;
import dev.lmkit.TestData;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.*;

class ModelBundleTest {
    @TempDir
    Path dir;

    private ModelBundle bundle(int vocabSize) throws Exception {
        LmConfig config = TestData.tinyConfig(dir);
        List<String> tokens = new ArrayList<>(List.of("<unk>", "<eos>"));
        for (int i = 2; i < vocabSize; i++) tokens.add("w" + i);
        return new ModelBundle(NetworkFactory.create(config, vocabSize), new Vocabulary(tokens), config,
                new TrainingState(2, 40, 0.5, 12.5, 1, 13.0, false, 0, 0, 0));
    }

    @Test
    void savedBundleLoadsWithTheSameNetworkVocabularyConfigAndState() throws Exception {
        ModelBundle b = bundle(12);
        Path file = dir.resolve("runs/x/best.zip");
        b.save(file);
        ModelBundle loaded = ModelBundle.load(file.getParent()); // a run directory means its best.zip
        assertEquals(b.vocab(), loaded.vocab());
        assertEquals(b.config(), loaded.config());
        assertEquals(b.state(), loaded.state());
        INDArray x = Nd4j.createFromArray(new float[][][]{{{1, 5, 7, 2}}});
        assertEquals(b.net().output(x), loaded.net().output(x));
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList()); // no temp file left behind
        }
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void modelsSavedBeforeTheFusedLayersMovedPackageStillLoad() throws Exception {
        ModelBundle b = bundle(10);
        Path file = dir.resolve("new.zip");
        b.save(file);
        // the same zip as lmkit wrote it when the fused layers were dev.lmkit.model.FusedLstm / FusedSoftmaxOutput
        Path old = dir.resolve("old.zip");
        try (var zip = new ZipFile(file.toFile()); var out = new ZipOutputStream(Files.newOutputStream(old))) {
            for (var entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry e = entries.nextElement();
                byte[] bytes = zip.getInputStream(e).readAllBytes();
                if (e.getName().equals("configuration.json")) {
                    String conf = new String(bytes, StandardCharsets.UTF_8);
                    assertTrue(conf.contains("\"dev.lmkit.fused.FusedLstm\""), "the fixture must rename something");
                    bytes = conf.replace("\"dev.lmkit.fused.Fused", "\"dev.lmkit.model.Fused").getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(bytes);
            }
        }
        INDArray x = Nd4j.createFromArray(new float[][][]{{{1, 5, 7, 2}}});
        assertEquals(b.net().output(x), ModelBundle.load(old).net().output(x));
    }

    @Test
    void infinityInTheStateSurvivesJson() throws Exception {
        ModelBundle b = bundle(6);
        ModelBundle fresh = new ModelBundle(b.net(), b.vocab(), b.config(), TrainingState.start(1.0));
        Path file = dir.resolve("fresh.zip");
        fresh.save(file);
        assertEquals(Double.POSITIVE_INFINITY, ModelBundle.load(file).state().bestValidPpl());
    }

    @Test
    void missingTruncatedAndForeignFilesAreClearErrors() throws Exception {
        Path missing = dir.resolve("none.zip");
        assertEquals("model not found: " + missing, assertThrows(LmkitException.class, () -> ModelBundle.load(missing)).getMessage());

        Path file = dir.resolve("m.zip");
        bundle(8).save(file);
        byte[] bytes = Files.readAllBytes(file);
        Path cut = Files.write(dir.resolve("cut.zip"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertEquals("model file is truncated or not an lmkit model: " + cut,
                assertThrows(LmkitException.class, () -> ModelBundle.load(cut)).getMessage());

        Path text = Files.writeString(dir.resolve("notes.zip"), "hello");
        assertTrue(assertThrows(LmkitException.class, () -> ModelBundle.load(text)).getMessage().startsWith("model file is truncated"));

        Path emptyRun = Files.createDirectories(dir.resolve("emptyrun"));
        assertTrue(assertThrows(LmkitException.class, () -> ModelBundle.load(emptyRun)).getMessage().startsWith("no model in run directory"));
    }

    @Test
    void aVocabularyThatDoesNotFitTheNetworkIsRejected() throws Exception {
        ModelBundle b = bundle(8);
        List<String> other = new ArrayList<>(b.vocab().tokens());
        other.add("extra");
        Path file = dir.resolve("mismatch.zip");
        new ModelBundle(b.net(), new Vocabulary(other), b.config(), b.state()).save(file);
        assertTrue(assertThrows(LmkitException.class, () -> ModelBundle.load(file)).getMessage()
                .startsWith("model/vocabulary mismatch: the network predicts 8 tokens but the vocabulary has 9"));
    }

    @Test
    void aSoftmaxTooLargeToComputeIsRefusedBeforeTrainingNamingTheSettings() throws Exception {
        LmConfig config = TestData.tinyConfig(dir, "train.batch=20", "train.bptt=35", "train.eval_batch=10");
        NetworkFactory.checkSoftmax(config, 700_000); // 700 rows × 700k = 490M logits: fits
        var e = assertThrows(LmkitException.class, () -> NetworkFactory.checkSoftmax(config, 800_000));
        assertTrue(e.getMessage().startsWith("the softmax of one step is too large: 700 rows (train.batch 20 or train.eval_batch 10, "
                + "times train.bptt 35) × a vocabulary of 800,000"), e.getMessage());
        assertTrue(e.getMessage().contains("data.max_vocab"), e.getMessage());
    }
}
