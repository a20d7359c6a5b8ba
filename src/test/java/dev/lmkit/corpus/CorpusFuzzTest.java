package dev.lmkit.corpus;

import dev.lmkit.LmkitException;
import dev.lmkit.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Corpus and vocabulary files of any bytes (invalid UTF-8, NULs, CRs, empty): each loads or is refused with one line naming it. */
class CorpusFuzzTest {
    @TempDir
    Path dir;

    @Test
    void filesOfAnyBytesLoadOrAreRefusedWithOneLine() throws Exception {
        byte[] good = Files.readAllBytes(TestData.tinyCorpus(dir, "good.txt", 40, 3));
        byte[] specials = {0, '\n', '\r', '\t', ' ', (byte) 0xff, (byte) 0xc3, (byte) 0x80, (byte) 0xe2, '<', '>'};
        Random random = new Random(31);
        int loaded = 0, refused = 0;
        for (int i = 0; i < 600; i++) {
            byte[] b = i % 3 == 0 ? java.util.Arrays.copyOf(good, random.nextInt(good.length)) : good.clone();
            if (i % 3 != 0) for (int k = 1 + random.nextInt(6); k > 0; k--) b[random.nextInt(b.length)] = specials[random.nextInt(specials.length)];
            Path train = Files.write(dir.resolve("train" + i + ".txt"), b);
            for (String mode : new String[]{"word", "char"}) {
                try {
                    var config = TestData.tinyConfig(dir, "data.train=" + train, "data.valid=" + train, "data.mode=" + mode);
                    Corpus.load(config.data());
                    loaded++;
                } catch (LmkitException e) {
                    assertFalse(e.getMessage().contains("\n"), "case " + i + ": " + e.getMessage());
                    assertTrue(e.getMessage().contains(train.toString()), "case " + i + " names the file: " + e.getMessage());
                    refused++;
                } catch (Throwable t) {
                    throw new AssertionError("case " + i + " (seed 31, kept as " + TestData.keepFailing(train, "corpus") + "): " + t, t);
                }
            }
        }
        assertTrue(loaded > 0 && refused > 100, loaded + " loaded, " + refused + " refused");
    }
}
