package dev.lmkit.spark;

import dev.lmkit.LmkitException;
import dev.lmkit.agreement.AgreementGrammar;
import dev.lmkit.agreement.mine.DistributedMining;
import dev.lmkit.agreement.mine.Miner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** agreement mine --spark on local[2] writes the suite one machine writes. */
class SparkMiningTest {
    @Test
    void theSuiteFilesAreThoseOfOneMachine(@TempDir Path dir) throws Exception {
        Path corpus = dir.resolve("text.txt");
        AgreementGrammar.standard().writeCorpus(corpus, 400, 9);
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(corpus));
        lines.add(100, ""); // a blank line counts as a line, as on one machine
        Files.write(corpus, lines);
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        Miner.Summary one = Miner.mine(new Miner.Options(corpus, dir.resolve("one"), 0, 1, 50, false, 2, 3), quiet);
        Miner.Summary spark = DistributedMining.find().mine(new Miner.Options(corpus, dir.resolve("spark"), 0, 1, 50, false, 2, 3),
                corpus.toString(), new dev.lmkit.Cluster("local[2]", 2), quiet);
        assertTrue(one.items() > 100, "items: " + one.items());
        for (String f : List.of("text.text", "text.eval", "text.gold")) {
            assertEquals(Files.readString(dir.resolve("one").resolve(f)), Files.readString(dir.resolve("spark").resolve(f)), f);
        }
        assertEquals(List.of(one.lines(), one.sentences(), one.candidates(), one.nonceSentences(), one.byAttractors(), one.skipped(), one.retagged()),
                List.of(spark.lines(), spark.sentences(), spark.candidates(), spark.nonceSentences(), spark.byAttractors(), spark.skipped(), spark.retagged()));
        assertEquals(summaryWithoutTiming(dir.resolve("one")), summaryWithoutTiming(dir.resolve("spark")));

        var e = assertThrows(LmkitException.class, () -> DistributedMining.find().mine(new Miner.Options(corpus, dir.resolve("more"), 10, 1, 50,
                false, 0, 1), corpus.toString(), new dev.lmkit.Cluster("local[2]", 2), quiet));
        assertTrue(e.getMessage().startsWith("--max-items stops one pass"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("more")));
    }

    private static String summaryWithoutTiming(Path suite) throws Exception {
        return Files.readString(suite.resolve("summary.md")).replaceAll("in [0-9.]+ s \\([0-9]+ sentences/s", "in … s (… sentences/s");
    }
}
