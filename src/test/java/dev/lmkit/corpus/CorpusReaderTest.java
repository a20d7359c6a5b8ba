package dev.lmkit.corpus;

import dev.lmkit.config.DataConfig;
import dev.lmkit.LmkitException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

class CorpusReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsPlainGzipAndDirectoriesInNameOrder() throws IOException {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(corpus.resolve("b.txt"), "second\n");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(corpus.resolve("a.txt.gz")))) {
            out.write("first\nfirst again\n".getBytes());
        }
        assertEquals(List.of("first", "first again", "second"), CorpusReader.lines(corpus));
    }

    @Test
    void aUriIsReadOnlyByTrainSpark() {
        var data = DataConfig.builder().train("hdfs://namenode:8020/corpora/train.txt").build();
        var e = assertThrows(LmkitException.class, () -> Corpus.load(data));
        assertTrue(e.getMessage().contains("hdfs://namenode:8020/corpora/train.txt") && e.getMessage().contains("--spark"), e.getMessage());
    }

    @Test
    void invalidUtf8NamesTheFileAndLine() throws IOException {
        Path file = dir.resolve("latin1.txt");
        Files.write(file, new byte[]{'o', 'k', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n'});
        LmkitException e = assertThrows(LmkitException.class, () -> CorpusReader.lines(file));
        assertEquals("corpus is not valid UTF-8 (line 2): " + file, e.getMessage());
    }

    @Test
    void binaryEmptyMissingAndTruncatedGzipAreClearErrors() throws IOException {
        Path binary = Files.write(dir.resolve("model.bin"), new byte[]{1, 0, 2, 3});
        assertTrue(assertThrows(LmkitException.class, () -> CorpusReader.lines(binary)).getMessage().startsWith("corpus looks binary"));
        Path empty = Files.writeString(dir.resolve("empty.txt"), "\n  \n");
        assertEquals("corpus is empty (no text): " + empty, assertThrows(LmkitException.class, () -> CorpusReader.lines(empty)).getMessage());
        Path missing = dir.resolve("nope.txt");
        assertEquals("corpus not found: " + missing, assertThrows(LmkitException.class, () -> CorpusReader.lines(missing)).getMessage());
        Path gz = dir.resolve("cut.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("some text that will be cut off\n".repeat(100).getBytes());
        }
        byte[] bytes = Files.readAllBytes(gz);
        Files.write(gz, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertTrue(assertThrows(LmkitException.class, () -> CorpusReader.lines(gz)).getMessage().contains("truncated or corrupt gzip"));
    }

    @Test
    void aMissingCatalogCorpusNamesTheCommandThatFetchesIt() {
        var e = assertThrows(LmkitException.class, () -> CorpusReader.files(Path.of("corpora/ptb/not-fetched.txt")));
        assertEquals("corpus not found: corpora/ptb/not-fetched.txt (fetch it with ./lmkit corpus get ptb)", e.getMessage());
        var other = assertThrows(LmkitException.class, () -> CorpusReader.files(Path.of("my/own.txt")));
        assertEquals("corpus not found: my/own.txt", other.getMessage());
    }
}
