package dev.lmkit.config;

import dev.lmkit.LmkitException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** train --text: the config chosen for a text and a budget, and the reasons given. */
class StarterTest {
    @TempDir
    Path dir;

    @Test
    void aShortBudgetGetsTheSmallStarterALongOneOnALargeTextTheRecipesNetwork() throws Exception {
        Path small = Files.writeString(dir.resolve("mine.txt"), "To be, or not to be, that is the question.\n".repeat(2000));
        Starter.Choice five = Starter.forText(small, 5);
        assertEquals(DataConfig.Mode.CHAR, five.config().data().mode());
        assertEquals(List.of(256), five.config().model().hidden());
        assertEquals("300s", five.config().train().timeBudget());
        assertEquals(TrainConfig.Schedule.BUDGET, five.config().train().schedule());
        assertEquals(0.05, five.config().data().validFraction());
        assertTrue(five.reasons().get(0).startsWith("character level: 83 KB of text"), five.reasons().get(0));
        assertTrue(five.reasons().get(1).contains("in 5 minutes a larger one would see the text too few times"), five.reasons().get(1));

        Path large = Files.writeString(dir.resolve("big.txt"), "To be, or not to be, that is the question.\n".repeat(30000));
        assertEquals(List.of(256), Starter.forText(large, 5).config().model().hidden(), "five minutes: the small network");
        Starter.Choice ninety = Starter.forText(large, 90);
        assertEquals(List.of(512, 512), ninety.config().model().hidden());
        assertEquals(0.1, ninety.config().model().dropout());
        assertEquals(100, ninety.config().train().bptt());
        assertEquals(TrainConfig.Optimizer.AMSGRAD, ninety.config().train().optimizer(), "no overshoot at the plateau's end");
        // the choice is an ordinary config: it binds as a file would
        assertEquals(ninety.config(), ConfigLoader.parse(ConfigLoader.toYaml(ninety.config()), "t", List.of()));
    }

    @Test
    void halfAMillionWordsAndTenMinutesGetAWordModel() throws Exception {
        Path tokenized = Files.writeString(dir.resolve("tokenized.txt"), "the keys to the cabinet are on the table .\n".repeat(50_001));
        assertEquals(DataConfig.Mode.CHAR, Starter.forText(tokenized, 5).config().data().mode(), "five minutes: characters");
        Starter.Choice ten = Starter.forText(tokenized, 10);
        assertEquals(DataConfig.Mode.WORD, ten.config().data().mode());
        assertEquals(DataConfig.Tokenization.WHITESPACE, ten.config().data().tokenizer());
        assertTrue(ten.reasons().get(0).startsWith("word level: 2.1 MB of text, 500,010 words (half a million or more) and 10 minutes"), ten.reasons().get(0));
        // configs/word-small.yaml is the word choice written down: the same but for the text and its budget
        LmConfig shipped = ConfigLoader.load(Path.of("configs/word-small.yaml"), List.of("data.train=" + tokenized, "train.time_budget=600s"));
        assertEquals(shipped, ten.config());

        Path raw = Files.writeString(dir.resolve("raw.txt"), "The keys to the cabinet are on the table, she said.\n".repeat(50_000));
        Starter.Choice rawChoice = Starter.forText(raw, 30);
        assertEquals(DataConfig.Tokenization.PTB, rawChoice.config().data().tokenizer());
        assertTrue(rawChoice.reasons().get(1).startsWith("CoreNLP's PTB tokenizer: 18% of the words carry punctuation"), rawChoice.reasons().get(1));

        Path preprocessed = Files.writeString(dir.resolve("wiki.txt"), "the <unk> to the cabinet are here .\n".repeat(62_500));
        Starter.Choice own = Starter.forText(preprocessed, 10);
        assertEquals(0, own.config().data().maxVocab(), "a text that writes <unk> keeps its vocabulary");
        assertTrue(own.reasons().get(2).startsWith("the text's own vocabulary"), own.reasons().get(2));

        Path small = Files.writeString(dir.resolve("small.txt"), "the keys are here .\n".repeat(100));
        Starter.Choice insisted = Starter.forText(small, 1, Starter.Level.WORD);
        assertEquals(DataConfig.Mode.WORD, insisted.config().data().mode());
        assertTrue(insisted.reasons().get(0).startsWith("word level, as --level says"), insisted.reasons().get(0));
        assertTrue(Starter.forText(small, 60).reasons().get(0).contains("a word model needs half a million words or more (--level word to insist)"));
    }

    @Test
    void badTextsAndBudgetsAreOneLine() throws Exception {
        assertTrue(assertThrows(LmkitException.class, () -> Starter.forText(dir.resolve("none.txt"), 5)).getMessage().startsWith("--text: no such file"));
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        assertTrue(assertThrows(LmkitException.class, () -> Starter.forText(empty, 5)).getMessage().startsWith("--text: the file is empty"));
        Path text = Files.writeString(dir.resolve("t.txt"), "abc\n");
        assertTrue(assertThrows(LmkitException.class, () -> Starter.forText(text, 0)).getMessage().startsWith("--minutes must be"));
        Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[]{'c', 'a', 'f', (byte) 0xe9, '\n'});
        assertEquals("--text: not UTF-8 text: " + latin1, assertThrows(LmkitException.class, () -> Starter.forText(latin1, 5)).getMessage());
    }
}
