package dev.lmkit.corpus;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TokenizerTest {

    @Test
    void characterModeReadsCodePointsAndKeepsNewlineAsASymbol() {
        Tokenizer chars = new CharTokenizer(false);
        // "é" is one code point, the emoji one code point of two UTF-16 units
        assertEquals(List.of("c", "a", "f", "é", " ", "\uD83D\uDE00", "\n"), chars.tokenize("café \uD83D\uDE00"));
        assertEquals("ab\ncd\n", chars.detokenize(List.of("a", "b", "\n", "c", "d", "\n")));
    }

    @Test
    void whitespaceModeSplitsPreTokenizedTextAndEndsLinesWithEos() {
        Tokenizer words = new WhitespaceTokenizer(false);
        assertEquals(List.of("pierre", "<unk>", "N", "years", "<eos>"), words.tokenize(" pierre <unk>  N years "));
        assertEquals(List.of("<eos>"), words.tokenize("   "));
        assertEquals("a b\nc\n", words.detokenize(List.of("a", "b", "<eos>", "c", "<eos>")));
    }

    @Test
    void ptbModeTokenizesRawTextWithCoreNlp() {
        Tokenizer ptb = new PtbWordTokenizer(true);
        assertEquals(List.of("the", "keys", "do", "n't", "fit", ",", "sadly", ".", "<eos>"),
                ptb.tokenize("The keys don't fit, sadly."));
        assertEquals("the keys don't fit, sadly.\n", ptb.detokenize(ptb.tokenize("The keys don't fit, sadly.")));
    }

    @Test
    void eachTokenKnowsTheWhitespaceSeparatedWordItCameFrom() {
        // PTB pieces: "do" "n't" of "don't", "fit" "," of "fit,"; the line end is word 4 of 4
        Tokenizer ptb = new PtbWordTokenizer(true);
        assertEquals(List.of("the", "keys", "do", "n't", "fit", ",", "<eos>"), ptb.tokenize("The keys don't fit,"));
        assertArrayEquals(new int[]{0, 1, 2, 2, 3, 3, 4}, ptb.wordIndex("The keys don't fit,"));
        // a character's space belongs to the word before it, leading spaces to the first word
        Tokenizer chars = new CharTokenizer(false);
        assertArrayEquals(new int[]{0, 0, 0, 0, 0, 1, 1, 1, 2}, chars.wordIndex(" ab  cd\t"));
        assertArrayEquals(new int[]{0}, chars.wordIndex(""));
        Tokenizer words = new WhitespaceTokenizer(false);
        assertArrayEquals(new int[]{0, 1, 2, 3}, words.wordIndex(" pierre <unk>  N "));
        assertEquals(List.of("The", "keys", "don't", "fit,"), Tokenizer.words(" The keys  don't fit,"));
    }
}
