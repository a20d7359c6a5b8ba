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
        // the choice is an ordinary config: it binds as a file would
        assertEquals(ninety.config(), ConfigLoader.parse(ConfigLoader.toYaml(ninety.config()), "t", List.of()));
    }

    @Test
    void badTextsAndBudgetsAreOneLine() throws Exception {
        assertTrue(assertThrows(LmkitException.class, () -> Starter.forText(dir.resolve("none.txt"), 5)).getMessage().startsWith("--text: no such file"));
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        assertTrue(assertThrows(LmkitException.class, () -> Starter.forText(empty, 5)).getMessage().startsWith("--text: the file is empty"));
        Path text = Files.writeString(dir.resolve("t.txt"), "abc\n");
        assertTrue(assertThrows(LmkitException.class, () -> Starter.forText(text, 0)).getMessage().startsWith("--minutes must be"));
    }
}
