package dev.lmkit.corpus;

import dev.lmkit.LmkitException;
import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Byte-pair pieces: learned as Sennrich et al. describe, applied in the learned order, never unknown, written and read back. */
class SubwordsTest {
    private static final String S = Subwords.WORD_START;
    @TempDir
    Path dir;

    /** Sennrich et al. (2016)'s example counts. */
    private static Subwords sennrich(int merges) {
        Map<String, Long> counts = Map.of("low", 5L, "lower", 2L, "newest", 6L, "widest", 3L);
        int alphabet = 10; // d e i l n o r s t w
        return SubwordLearner.learn(counts, SubwordLearner.fixedPieces(alphabet) + merges);
    }

    @Test
    void learnsTheMostFrequentPairFirstAndBreaksTiesByTheirText() {
        Subwords bpe = sennrich(5);
        List<String> merges = bpe.merges().stream().map(m -> m[0] + " " + m[1]).toList();
        // e s and s t both occur 9 times (newest 6, widest 3): "e" sorts first; then es t; then the 7 of "low": l o, lo w, ▁ low
        assertEquals(List.of("e s", "es t", "l o", "lo w", S + " low"), merges);
        assertEquals(List.of(S + "low", "est"), bpe.encode("lowest"), "a word never seen, cut by the learned merges in their order");
        assertEquals(List.of(S + "low", "e", "r"), bpe.encode("lower"));
        assertEquals(SubwordLearner.fixedPieces(10) - 2 + 5, bpe.pieces().size(), "▁, 10 characters, 5 merged pieces, 256 bytes");
    }

    @Test
    void everyWordHasPiecesThatGiveItBack() {
        SplittableRandom r = new SplittableRandom(4);
        Map<String, Long> counts = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            StringBuilder w = new StringBuilder();
            for (int k = r.nextInt(1, 9); k > 0; k--) w.append("abcdeé".charAt(r.nextInt(6)));
            counts.merge(w.toString(), (long) r.nextInt(1, 20), Long::sum);
        }
        Subwords bpe = SubwordLearner.learn(counts, 400);
        assertEquals(400 - SubwordLearner.fixedPieces(6), bpe.merges().size());
        List<String> words = new ArrayList<>(counts.keySet());
        words.addAll(List.of("zebra", "日本語", S + "x" + S, "a".repeat(Subwords.MAX_PART * 2 + 3), "<unk>", "ab\u00a0cd"));
        for (String w : words) {
            List<String> pieces = bpe.encode(w);
            for (String p : pieces) assertTrue(bpe.pieces().contains(p) || p.equals("<unk>"), w + ": " + p);
            assertEquals(List.of(w), Subwords.words(pieces), "the pieces of " + w);
        }
        assertEquals(List.of("<0x7A>"), bpe.encode("z").subList(1, 2), "an unseen character is its UTF-8 bytes");
        assertEquals(List.of("the", "日本語", "cats"), Subwords.words(new ArrayList<>(List.of(S + "the", S, "<0xE6>", "<0x97>", "<0xA5>",
                "<0xE6>", "<0x9C>", "<0xAC>", "<0xE8>", "<0xAA>", "<0x9E>", S + "ca", "ts"))));
    }

    @Test
    void writesAndReadsBackAndRefusesDamage() {
        Subwords bpe = sennrich(7);
        Subwords back = Subwords.read(bpe.write(), "x.txt");
        assertEquals(bpe.pieces(), back.pieces());
        assertEquals(bpe.encode("widest"), back.encode("widest"));
        var e = assertThrows(LmkitException.class, () -> Subwords.read("lmkit subwords 1\na b\nb c\n", "m.zip!lmkit/subwords.txt"));
        assertEquals("damaged subword encoding (merge 1 joins pieces not defined before it): m.zip!lmkit/subwords.txt", e.getMessage());
        assertThrows(LmkitException.class, () -> Subwords.read("hello\n", "x"));
        assertThrows(LmkitException.class, () -> Subwords.read("lmkit subwords 1\na b\na b\na b\n", "x"), "a piece made twice");
        assertThrows(LmkitException.class, () -> SubwordLearner.learn(Map.of("abc", 3L), 100), "below the fixed pieces");
    }

    @Test
    void aBpeCorpusHasExactlyItsVocabularySizeAndNoUnknownTokens() throws Exception {
        StringBuilder text = new StringBuilder();
        SplittableRandom r = new SplittableRandom(1);
        String[] words = {"the", "cat", "cats", "sees", "see", "dog", "dogs", "walked", "walking", "<unk>"};
        for (int i = 0; i < 300; i++) {
            for (int k = 0; k < 6; k++) text.append(words[r.nextInt(words.length)]).append(' ');
            text.append(".\n");
        }
        Path train = Files.writeString(dir.resolve("train.txt"), text);
        Path valid = Files.writeString(dir.resolve("valid.txt"), "the zebras walked .\n");
        LmConfig config = ConfigLoader.parse("data: {mode: word, tokenizer: bpe, vocab_size: 290, train: %s, valid: %s}".formatted(train, valid),
                "bpe.yaml", List.of());
        Corpus corpus = Corpus.load(config.data());
        assertEquals(290, corpus.vocab().size());
        assertEquals(0, corpus.valid().unseen(), "a word never seen (zebras) is pieces, not <unk>");
        assertEquals(0, corpus.train().unseen());
        SubwordTokenizer t = (SubwordTokenizer) corpus.tokenizer();
        assertEquals("the zebras walked .\n", t.detokenize(Corpus.tokenize(List.of("the zebras walked ."), t)));
        List<String> pieces = t.tokenize("the zebras walked .");
        int[] index = t.wordIndex("the zebras walked .");
        assertEquals(pieces.size(), index.length);
        assertEquals(4, index[index.length - 1], "the line end: the number of words");
        for (int i = 0; i < pieces.size() - 1; i++) {
            assertEquals(pieces.get(i).startsWith(S) ? (i == 0 ? 0 : index[i - 1] + 1) : index[i - 1], index[i], "piece " + pieces.get(i));
        }
        var refused = assertThrows(LmkitException.class, () -> ConfigLoader.parse("data: {tokenizer: bpe}", "x", List.of()));
        assertTrue(refused.getMessage().contains("tokenizer: bpe needs vocab_size"), refused.getMessage());
    }
}
