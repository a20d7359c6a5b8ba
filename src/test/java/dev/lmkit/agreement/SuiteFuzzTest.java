package dev.lmkit.agreement;

import dev.lmkit.LmkitException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The four suite formats mutated as a hostile or careless file would be (cut, bytes changed to the formats' own
 * delimiters, numbers made huge, JSON nested deep): each reads or is refused with one line; none gets an internal
 * error. Seeded, so a failure repeats; the failing input is kept in the test's directory.
 */
class SuiteFuzzTest {
    @TempDir
    Path dir;

    private static final Map<String, String> SUITES = Map.of(
            "regular_plural_subject_verb_agreement_1.jsonl", """
                    {"sentence_good": "Paula references Robert.", "sentence_bad": "Paula reference Robert.", "linguistics_term": "subject_verb_agreement", "UID": "regular_plural_subject_verb_agreement_1", "pairID": "0"}
                    {"sentence_good": "The dogs bark.", "sentence_bad": "The dogs barks.", "linguistics_term": "subject_verb_agreement", "UID": "regular_plural_subject_verb_agreement_1", "pairID": "1"}
                    """,
            "simple.tsv", "sub_case\tidx\tgood\tbad\nsing\t1\tthe dog runs\tthe dog run\nplur\t1\tthe dogs run\tthe dogs runs\n",
            "subj_agr_filtered.gold", "5\tare\tis\t1\n6\tlaughs\tlaugh\t1\n",
            "number_prep.json", """
                    {"meta": {"name": "number_prep"},
                     "predictions": [{"type": "formula", "formula": "(3;%match%) < (3;%mismatch%)"}],
                     "region_meta": {"1": "subject", "2": "pp", "3": "verb"},
                     "items": [{"item_number": 1, "conditions": [
                        {"condition_name": "match", "regions": [{"region_number": 1, "content": "The keys"}, {"region_number": 3, "content": "are"}]},
                        {"condition_name": "mismatch", "regions": [{"region_number": 1, "content": "The keys"}, {"region_number": 3, "content": "is"}]}]}]}
                    """);
    private static final String DELIMITERS = "\t\n{}[]\":,;%()<>=-0123456789 ";

    @Test
    void mutatedSuitesReadOrAreRefusedWithOneLine() throws Exception {
        Random random = new Random(29);
        int read = 0, refused = 0;
        for (var suite : SUITES.entrySet()) {
            byte[] original = suite.getValue().getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 800; i++) {
                Path case_ = Files.createDirectories(dir.resolve("case" + i));
                if (suite.getKey().endsWith(".gold")) { // the target-word triple: text and eval stay valid
                    Files.writeString(case_.resolve("subj_agr_filtered.text"), "the keys to the cabinet are here\nthe author that the guards like laughs\n");
                    Files.writeString(case_.resolve("subj_agr_filtered.eval"), "5\n6\n");
                }
                byte[] b = switch (i % 4) {
                    case 0 -> Arrays.copyOf(original, random.nextInt(original.length));
                    case 1 -> {
                        byte[] c = original.clone();
                        for (int k = 1 + random.nextInt(4); k > 0; k--) c[random.nextInt(c.length)] = (byte) DELIMITERS.charAt(random.nextInt(DELIMITERS.length()));
                        yield c;
                    }
                    case 2 -> new String(original, StandardCharsets.UTF_8).replaceAll("\\d+", random.nextBoolean() ? "99999999999999999999" : "-7")
                            .getBytes(StandardCharsets.UTF_8);
                    default -> {
                        String s = new String(original, StandardCharsets.UTF_8);
                        int at = random.nextInt(s.length());
                        String deep = "[".repeat(1 + random.nextInt(20_000));
                        yield (s.substring(0, at) + deep + s.substring(at)).getBytes(StandardCharsets.UTF_8);
                    }
                };
                Path file = Files.write(case_.resolve(suite.getKey()), b);
                try {
                    SuiteReader.read(file, null, false);
                    read++;
                } catch (LmkitException e) {
                    assertFalse(e.getMessage().contains("\n"), suite.getKey() + " case " + i + ": " + e.getMessage());
                    assertTrue(e.getMessage().length() < 1000, suite.getKey() + " case " + i + ": " + e.getMessage().length());
                    refused++;
                } catch (Throwable t) {
                    throw new AssertionError(suite.getKey() + " case " + i + " (seed 29, kept as " + dev.lmkit.TestData.keepFailing(file, "suite") + "): " + t, t);
                }
            }
        }
        assertTrue(read > 100 && refused > 1000, read + " read, " + refused + " refused");
    }
}
