package dev.lmkit.corpus;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class VocabularyTest {

    @Test
    void keepsFrequentTokensMostFrequentFirstWithUnkAtZero() {
        Map<String, Long> counts = Map.of("b", 5L, "a", 5L, "c", 9L, "rare", 1L, "<eos>", 3L);
        Vocabulary v = Vocabulary.build(counts, 2, 0, List.of("<eos>"));
        assertEquals(List.of("<unk>", "<eos>", "c", "a", "b"), v.tokens()); // ties broken alphabetically
        assertEquals(0, v.id("rare"));
        assertEquals(v.unkId(), v.id("never seen"));
    }

    @Test
    void maxSizeCountsTheReservedSymbols() {
        Map<String, Long> counts = Map.of("x", 3L, "y", 2L, "z", 1L);
        assertEquals(List.of("<unk>", "<eos>", "x"), Vocabulary.build(counts, 1, 3, List.of("<eos>")).tokens());
    }

    @Test
    void encodingCountsUnseenTokensButNotLiteralUnk() {
        Vocabulary v = new Vocabulary(List.of("<unk>", "<eos>", "the", "cat"));
        EncodedText text = Corpus.encode(List.of("the", "dog", "<unk>", "cat", "<eos>"), v);
        assertArrayEquals(new int[]{2, 0, 0, 3, 1}, text.ids());
        assertEquals(1, text.unseen());
    }
}
