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
        int[] targets = TrainNumbers.load(data, corpus);
        // the dogs bark . <eos> | the cat sleeps <eos> | a b <eos> (the third line is validation)
        assertArrayEquals(new int[]{1, 1, -1, -1, -1, 0, -1, -1, -1, -1, -1, -1}, targets);
    }

    @Test
    void aWordsPiecesShareItsTarget() throws Exception {
        DataConfig words = data("the dogs bark .\nthe cat sleeps\nheld out line\n", "p p - -\ns - -\n- - -\n", "a b\n");
        DataConfig data = words.toBuilder().tokenizer(DataConfig.Tokenization.BPE).vocabSize(SubwordLearner.fixedPieces(17) + 3).build();
        Corpus corpus = Corpus.load(data);
        SubwordTokenizer pieces = (SubwordTokenizer) corpus.tokenizer();
        int[] targets = TrainNumbers.load(data, corpus);
        int at = 0;
        String[][] lines = {{"the", "dogs", "bark", "."}, {"the", "cat", "sleeps"}, {"a", "b"}};
        int[][] expected = {{1, 1, -1, -1}, {0, -1, -1}, {-1, -1}};
        for (int l = 0; l < lines.length; l++) {
            for (int w = 0; w < lines[l].length; w++) {
                int n = pieces.subwords().encode(lines[l][w]).size();
                for (int k = 0; k < n; k++) assertEquals(expected[l][w], targets[at++], lines[l][w] + ", piece " + k);
            }
            assertEquals(-1, targets[at++], "<eos>");
        }
        assertEquals(targets.length, at);
        assertTrue(targets.length > 12, "some words are more than one piece");
    }

    @Test
    void aTargetsFileThatDoesNotFitTheCorpusIsRefusedNamingTheLine() throws Exception {
        DataConfig shifted = data("the dogs bark .\nthe cat sleeps\nheld out\n", "p p - -\ns -\n- -\n", "a\n");
        LmkitException e = assertThrows(LmkitException.class, () -> TrainNumbers.load(shifted, 100, null));
        assertTrue(e.getMessage().contains("line 2 has 2 symbols for 3 tokens"), e.getMessage());

        DataConfig wrong = data("the dogs bark\n", "p x -\n", "a\n");
        e = assertThrows(LmkitException.class, () -> TrainNumbers.load(wrong, 100, null));
        assertTrue(e.getMessage().contains("line 1: 'x' is not s, p or -"), e.getMessage());

        DataConfig missing = ConfigLoader.parse("data: {train: " + wrong.train() + "}", "t.yaml", List.of()).data();
        e = assertThrows(LmkitException.class, () -> TrainNumbers.load(missing, 100, null));
        assertTrue(e.getMessage().contains("needs data.train_numbers") && e.getMessage().contains("./lmkit corpus numbers"), e.getMessage());
    }
}
