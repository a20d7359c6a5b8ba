package dev.lmkit.corpus;

import org.junit.jupiter.api.Test;

import java.util.List;

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
}
