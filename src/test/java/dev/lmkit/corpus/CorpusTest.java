package dev.lmkit.corpus;

import dev.lmkit.config.DataConfig;
import dev.lmkit.LmkitException;
import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CorpusTest {
    @TempDir
    Path dir;

    @Test
    void extraTrainingTextsAreAppendedAfterTheHeldOutLinesAreTaken() throws IOException {
        Files.writeString(dir.resolve("main.txt"), "a b\nc d\ne f\ng h\n");
        Files.writeString(dir.resolve("extra.txt"), "the dogs sleep\n");
        LmConfig config = ConfigLoader.parse("""
                data:
                  train: %s
                  train_extra: [%s]
                  test_fraction: 0.25
                """.formatted(dir.resolve("main.txt"), dir.resolve("extra.txt")), "test.yaml", List.of());
        assertEquals(List.of(dir.resolve("extra.txt").toString()), config.data().trainExtra());

        Corpus corpus = Corpus.load(config.data());
        Vocabulary v = corpus.vocab();
        assertArrayEquals(ids(v, "a b <eos> c d <eos> e f <eos> the dogs sleep <eos>"), corpus.train().ids());
        assertArrayEquals(ids(v, "g h <eos>"), corpus.test().ids(), "the held-out line comes from train, never from an extra text");
        assertNotEquals(v.unkId(), v.id("dogs"), "the vocabulary counts the extra text");
        assertTrue(ConfigLoader.toYaml(config).contains("train_extra"), "a run's config.yaml records the extra texts");
    }

    @Test
    void anExtraTextIsReadAsStrictlyAsTrain() {
        Path missing = dir.resolve("missing.txt");
        var withMissing = DataConfig.builder().train(write("a b\n")).trainExtra(List.of(missing.toString())).build();
        assertEquals("corpus not found: " + missing, assertThrows(LmkitException.class, () -> Corpus.load(withMissing)).getMessage());
        var withUri = DataConfig.builder().train(write("a b\n")).trainExtra(List.of("hdfs://nn/extra.txt")).build();
        assertTrue(assertThrows(LmkitException.class, () -> Corpus.load(withUri)).getMessage().contains("hdfs://nn/extra.txt"));
    }

    private String write(String text) {
        try {
            return Files.writeString(Files.createTempFile(dir, "train", ".txt"), text).toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int[] ids(Vocabulary v, String text) {
        return java.util.Arrays.stream(text.split(" ")).mapToInt(v::id).toArray();
    }
}
