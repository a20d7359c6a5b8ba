package dev.lmkit.agreement.mine;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The miner against a hand-annotated set (annotated.tsv beside this class: lexical verbs, copulas, auxiliaries,
 * passives, prepositional and relative-clause attractors, and sentences that hold no item): recall and precision
 * printed and held to 90% and 95%; every candidate the parses hold is an item or a counted skip.
 */
class AnnotatedMiningTest {
    private record Sentence(String text, Set<String> expected) {
    }

    private static final List<Sentence> SET = new ArrayList<>();
    private static final List<AgreementItems.Found> FOUND = new ArrayList<>();
    private static final List<ParsedSentence> PARSED = new ArrayList<>();

    @BeforeAll
    static void mine() throws IOException {
        try (InputStream in = AnnotatedMiningTest.class.getResourceAsStream("annotated.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] cols = line.split("\t");
                SET.add(new Sentence(cols[0], cols[1].equals("-") ? Set.of() : Set.of(cols[1].split(";"))));
            }
        }
        Parser parser = new Parser(2, false, System.err);
        for (List<ParsedSentence> line : parser.parseLines(SET.stream().map(Sentence::text).toList())) {
            assertEquals(1, line.size(), "one sentence per line");
            PARSED.add(line.get(0));
            FOUND.add(AgreementItems.find(line.get(0)));
        }
    }

    @Test
    void findsNineInTenAnnotatedItemsAndFewOthers() {
        int expected = 0, found = 0, right = 0;
        List<String> missed = new ArrayList<>(), spurious = new ArrayList<>();
        for (int i = 0; i < SET.size(); i++) {
            Set<String> mined = new HashSet<>();
            ParsedSentence s = PARSED.get(i);
            for (AgreementItems.Item item : FOUND.get(i).items()) {
                mined.add(item.correct() + ">" + s.token(item.subject()).word() + "@" + item.attractors());
            }
            expected += SET.get(i).expected().size();
            found += mined.size();
            for (String e : SET.get(i).expected()) {
                if (mined.contains(e)) right++;
                else missed.add(e + " in \"" + SET.get(i).text() + "\"");
            }
            for (String m : mined) if (!SET.get(i).expected().contains(m)) spurious.add(m + " in \"" + SET.get(i).text() + "\"");
        }
        double recall = (double) right / expected, precision = (double) right / found;
        System.out.printf(Locale.ROOT, "annotated set: %d sentences, %d items; mined %d, %d right: recall %.1f%%, precision %.1f%%%n",
                SET.size(), expected, found, right, 100 * recall, 100 * precision);
        missed.forEach(m -> System.out.println("  missed   " + m));
        spurious.forEach(m -> System.out.println("  spurious " + m));
        assertTrue(SET.size() >= 150, "at least 150 sentences");
        assertTrue(recall >= 0.90, String.format(Locale.ROOT, "recall %.3f; missed %s", recall, missed));
        assertTrue(precision >= 0.95, String.format(Locale.ROOT, "precision %.3f; spurious %s", precision, spurious));
    }

    @Test
    void everyCandidateIsAnItemOrACountedSkip() {
        int candidates = 0, accounted = 0;
        for (AgreementItems.Found f : FOUND) {
            candidates += f.candidates();
            accounted += f.items().size() + f.skipped().values().stream().mapToInt(Integer::intValue).sum();
        }
        assertTrue(candidates > SET.size(), candidates + " candidates");
        assertEquals(candidates, accounted, "items + skips = candidates");
    }
}
