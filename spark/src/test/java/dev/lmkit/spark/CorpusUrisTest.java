package dev.lmkit.spark;

import dev.lmkit.config.DataConfig;
import dev.lmkit.LmkitException;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Corpus files named by URIs go through Hadoop's FileSystem (file:// here: no HDFS on this machine) to local copies. */
class CorpusUrisTest {
    @Test
    void aUriIsCopiedAndAPlainPathKept(@TempDir Path dir) throws Exception {
        Path train = Files.writeString(dir.resolve("train.txt"), "the keys are here\nthe key is here\n");
        Path valid = Files.writeString(dir.resolve("valid.txt"), "the keys are here\n");
        Path copies = Files.createDirectory(dir.resolve("copies"));
        DataConfig data = DataConfig.builder().files(train.toUri().toString(), valid.toString(), "").build();

        DataConfig local = CorpusUris.fetch(data, copies);
        assertEquals(copies.resolve("train.txt").toString(), local.train());
        assertEquals(Files.readString(train), Files.readString(Path.of(local.train())));
        assertEquals(valid.toString(), local.valid(), "a local path is read where it is");
        assertEquals(10, Corpus.load(local).train().length(), "two lines of four words and <eos>, read by lmkit's own reader");
    }

    @Test
    void aMissingUriIsNamed(@TempDir Path dir) {
        String missing = dir.resolve("nothing.txt").toUri().toString();
        var e = assertThrows(LmkitException.class, () -> CorpusUris.fetch(DataConfig.builder().train(missing).build(), dir));
        assertTrue(e.getMessage().contains("data.train") && e.getMessage().contains(missing), e.getMessage());
    }
}
