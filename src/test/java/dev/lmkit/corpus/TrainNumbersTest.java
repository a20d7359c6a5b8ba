package dev.lmkit.corpus;

import dev.lmkit.config.DataConfig;
import dev.lmkit.LmkitException;
import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TrainNumbersTest {
    @TempDir
    Path dir;

    private DataConfig data(String corpus, String numbers, String extra) throws Exception {
        Path train = Files.writeString(dir.resolve("train.txt"), corpus);
        Path targets = Files.writeString(dir.resolve("train.numbers.txt"), numbers);
        Path more = Files.writeString(dir.resolve("extra.txt"), extra);
        return ConfigLoader.parse("data: {train: " + train + ", train_numbers: " + targets + ", train_extra: [" + more
                + "], valid_fraction: 0.34}", "t.yaml", List.of()).data();
    }

    @Test
    void targetsLineUpWithTheTrainingIdsAndEosHeldOutLinesAndExtraTextsHaveNone() throws Exception {
        DataConfig data = data("the dogs bark .\nthe cat sleeps\nheld out line\n", "p p - -\ns - -\n- - -\n", "a b\n");
        Corpus corpus = Corpus.load(data);
        int[] targets = TrainNumbers.load(data, corpus.train().length());
        // the dogs bark . <eos> | the cat sleeps <eos> | a b <eos> (the third line is validation)
        assertArrayEquals(new int[]{1, 1, -1, -1, -1, 0, -1, -1, -1, -1, -1, -1}, targets);
    }

    @Test
    void aTargetsFileThatDoesNotFitTheCorpusIsRefusedNamingTheLine() throws Exception {
        DataConfig shifted = data("the dogs bark .\nthe cat sleeps\nheld out\n", "p p - -\ns -\n- -\n", "a\n");
        LmkitException e = assertThrows(LmkitException.class, () -> TrainNumbers.load(shifted, 100));
        assertTrue(e.getMessage().contains("line 2 has 2 symbols for 3 tokens"), e.getMessage());

        DataConfig wrong = data("the dogs bark\n", "p x -\n", "a\n");
        e = assertThrows(LmkitException.class, () -> TrainNumbers.load(wrong, 100));
        assertTrue(e.getMessage().contains("line 1: 'x' is not s, p or -"), e.getMessage());

        DataConfig missing = ConfigLoader.parse("data: {train: " + wrong.train() + "}", "t.yaml", List.of()).data();
        e = assertThrows(LmkitException.class, () -> TrainNumbers.load(missing, 100));
        assertTrue(e.getMessage().contains("needs data.train_numbers") && e.getMessage().contains("./lmkit corpus numbers"), e.getMessage());
    }
}
