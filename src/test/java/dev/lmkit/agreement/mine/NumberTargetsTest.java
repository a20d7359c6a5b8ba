package dev.lmkit.agreement.mine;

import dev.lmkit.LmkitException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class NumberTargetsTest {
    @TempDir
    Path dir;

    private static String targets(String words, String tags) {
        char[] t = NumberTargets.of(List.of(words.split(" ")), List.of(tags.split(" ")));
        return new String(t).replace("", " ").trim();
    }

    @Test
    void everyTokenIsToldTheNumberOfTheNextFiniteVerbInItsSentence() {
        assertEquals("p p p p p - - - - - s s - - - - - - -", targets(
                "The keys to the cabinet are on the table . The dog was here , and it barked .",
                "DT NNS TO DT NN VBP IN DT NN . DT NN VBD RB , CC PRP VBD ."));
        assertEquals("p p p p p s - - -", targets(
                "The author that the guards like laughs at them",
                "DT NN WDT DT NNS VBP VBZ IN PRP"), "before the relative clause's verb its number; after it the main verb's");
    }

    @Test
    void writesATargetsFileLineByLineFromCoreNlpsTagsAndNeverOverwritesOne() throws Exception {
        Path corpus = Files.writeString(dir.resolve("train.txt"), "The keys to the cabinet are on the table .\n\n The dog was here .\n");
        Path out = dir.resolve("train.numbers.txt");
        long[] counts = NumberTargets.write(corpus, out, new PrintStream(PrintStream.nullOutputStream()));
        assertEquals(List.of("p p p p p - - - - -", "", "s s - - -"), Files.readAllLines(out));
        assertArrayEquals(new long[]{2, 5, 8}, counts);
        LmkitException e = assertThrows(LmkitException.class, () -> NumberTargets.write(corpus, out, System.err));
        assertTrue(e.getMessage().contains("refusing to overwrite " + out), e.getMessage());
    }
}
