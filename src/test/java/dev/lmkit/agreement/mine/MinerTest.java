package dev.lmkit.agreement.mine;

import dev.lmkit.LmkitException;
import dev.lmkit.agreement.Suite;
import dev.lmkit.agreement.SuiteReader;
import dev.lmkit.agreement.TargetWords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Raw text in, a target-word suite out that agreement reads: the whole path of agreement mine. */
class MinerTest {
    static final String TEXT = """
            The keys to the cabinet are on the table. They are old.
            The author near the windows is famous.

            The letters from the lawyer have been sent. Where are the books?
            """;

    @Test
    void minesASuiteThatAgreementReads(@TempDir Path dir) throws Exception {
        Path corpus = Files.writeString(dir.resolve("news.txt"), TEXT);
        Miner.Summary s = Miner.mine(new Miner.Options(corpus, dir.resolve("suite"), 0, 2, 50, false), System.err);
        assertEquals(3, s.items());
        assertEquals(Map.of(1, 3L), s.byAttractors());
        assertEquals(1L, s.skipped().get("pronoun subject"));
        assertEquals(1L, s.skipped().get("subject after the verb"));

        List<Suite> suites = SuiteReader.read(dir.resolve("suite"), null, false);
        TargetWords suite = (TargetWords) suites.get(0);
        assertEquals("news", suite.name());
        TargetWords.Item keys = suite.items().get(0);
        assertEquals(List.of("The", "keys", "to", "the", "cabinet", "are", "on", "the", "table", ".", "<eos>"), keys.tokens());
        assertEquals(5, keys.target());
        assertEquals("are", keys.correct());
        assertEquals("is", keys.wrong());
        assertTrue(keys.groups().contains("n_attr=1"), keys.groups().toString());
        assertTrue(keys.groups().contains("pattern=nsubj+cop"), keys.groups().toString());
        assertEquals(List.of("are", "is", "have"), suite.items().stream().map(TargetWords.Item::correct).toList());
        assertTrue(Files.readString(dir.resolve("suite/summary.md")).contains("| pronoun subject | 1 |"));
        assertEquals(s.candidates(), s.items() + s.skipped().values().stream().mapToLong(Long::longValue).sum(), "every candidate accounted for");
        assertTrue(Files.readString(dir.resolve("suite/summary.md")).contains("Every candidate accounted for: " + s.candidates()
                + " subject relations in the parses (nsubj, nsubj:pass) = 3 items + " + (s.candidates() - 3) + " skipped."));
        assertEquals(List.of("news.eval", "news.gold", "news.text", "summary.md"),
                Files.list(dir.resolve("suite")).map(p -> p.getFileName().toString()).sorted().toList());
    }

    @Test
    void stopsAtMaxItemsAndNeverOverwrites(@TempDir Path dir) throws Exception {
        Path corpus = Files.writeString(dir.resolve("news.txt"), TEXT.repeat(40));
        Miner.Summary s = Miner.mine(new Miner.Options(corpus, dir.resolve("suite"), 5, 1, 50, false), System.err);
        assertEquals(5, s.items());
        assertTrue(s.lines() < 40 * 4, "stopped reading once it had enough: " + s.lines() + " lines");
        assertEquals(5, Files.readAllLines(dir.resolve("suite/news.gold")).size());

        String before = Files.readString(dir.resolve("suite/news.gold"));
        LmkitException e = assertThrows(LmkitException.class,
                () -> Miner.mine(new Miner.Options(corpus, dir.resolve("suite"), 0, 1, 50, false), System.err));
        assertTrue(e.getMessage().contains("exists"), e.getMessage());
        assertEquals(before, Files.readString(dir.resolve("suite/news.gold")));
    }

    @Test
    void tokenizedTextKeepsItsTokens(@TempDir Path dir) throws Exception {
        Path corpus = Files.writeString(dir.resolve("wiki.tokens"), " The <unk> @-@ makers near the river are busy . \n");
        Miner.mine(new Miner.Options(corpus, dir.resolve("suite"), 0, 1, 50, true), System.err);
        assertEquals("The <unk> @-@ makers near the river are busy . <eos>", Files.readString(dir.resolve("suite/wiki.text")).trim());
    }

    @Test
    void nonceVariantsKeepTargetSubjectTagsAndAttractorsAndAreSeeded(@TempDir Path dir) throws Exception {
        String text = """
                The keys to the cabinet are on the table.
                The red boxes near the old house are heavy.
                The tall man with the green hats walks to the small door.
                """.repeat(2);
        Path corpus = Files.writeString(dir.resolve("c.txt"), text);
        Miner.Summary s = Miner.mine(new Miner.Options(corpus, dir.resolve("a"), 3, 1, 50, false, 2, 7), System.err);
        assertEquals(3, s.items());
        assertEquals(6, s.nonceSentences());
        List<String> gold = Files.readAllLines(dir.resolve("a/c.gold"));
        List<String> lines = Files.readAllLines(dir.resolve("a/c.text"));
        assertEquals(9, gold.size());
        for (int i = 0; i < gold.size(); i++) {
            String[] g = gold.get(i).split("\t");
            String[] original = lines.get(i - Integer.parseInt(g[2])).split(" ");
            String[] variant = lines.get(i).split(" ");
            int target = Integer.parseInt(g[3]), subject = Integer.parseInt(g[11]);
            assertEquals(original.length, variant.length);
            assertEquals(g[6], variant[target], "the target stays");
            assertEquals(original[subject], variant[subject], "the subject stays");
            assertEquals(original[0], variant[0], "determiners stay");
        }
        for (int i = 0; i < gold.size(); i++) {
            if (!gold.get(i).split("\\t")[2].equals("0")) assertNotEquals(lines.get(i - Integer.parseInt(gold.get(i).split("\\t")[2])), lines.get(i), "a nonce sentence differs from its original");
        }
        SuiteReader.read(dir.resolve("a"), null, false).get(0);
        Miner.mine(new Miner.Options(corpus, dir.resolve("b"), 3, 1, 50, false, 2, 7), System.err);
        assertEquals(lines, Files.readAllLines(dir.resolve("b/c.text")), "same seed, same variants");
    }
}
