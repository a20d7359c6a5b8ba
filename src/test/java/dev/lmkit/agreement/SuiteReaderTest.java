package dev.lmkit.agreement;

import dev.lmkit.LmkitException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SuiteReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsBlimpJsonl() throws Exception {
        Path f = Files.writeString(dir.resolve("regular_plural_subject_verb_agreement_1.jsonl"), """
                {"sentence_good": "Paula references Robert.", "sentence_bad": "Paula reference Robert.", "linguistics_term": "subject_verb_agreement", "UID": "regular_plural_subject_verb_agreement_1", "pairID": "0"}
                {"sentence_good": "The dogs bark.", "sentence_bad": "The dogs barks.", "linguistics_term": "subject_verb_agreement", "UID": "regular_plural_subject_verb_agreement_1", "pairID": "1"}
                """);
        MinimalPairs s = (MinimalPairs) SuiteReader.read(f, null, false).get(0);
        assertEquals("regular_plural_subject_verb_agreement_1", s.name());
        assertEquals(2, s.size());
        assertEquals(new MinimalPairs.Pair("1", "The dogs bark.", "The dogs barks.",
                List.of("UID=regular_plural_subject_verb_agreement_1", "linguistics_term=subject_verb_agreement")), s.pairs().get(1));
    }

    @Test
    void readsMinimalPairTsvWithGroupingColumnsButNotIdColumns() throws Exception {
        // idx (an id by name) and frame (pairs of rows, as M&L's item numbers) are no breakdown; sub_case is
        Path f = Files.writeString(dir.resolve("simple.tsv"), """
                sub_case\tidx\tframe\tgood\tbad
                sing\t1\ta\tthe dog runs\tthe dog run
                plur\t1\ta\tthe dogs run\tthe dogs runs
                sing\t2\tb\tthe cat sleeps\tthe cat sleep
                plur\t2\tb\tthe cats sleep\tthe cats sleeps
                sing\t3\tc\tthe bird sings\tthe bird sing
                plur\t3\tc\tthe birds sing\tthe birds sings
                """);
        MinimalPairs s = (MinimalPairs) SuiteReader.read(f, null, false).get(0);
        assertEquals("tsv", s.format());
        assertEquals(new MinimalPairs.Pair("2", "the dogs run", "the dogs runs", List.of("sub_case=plur")), s.pairs().get(1));
        Path broken = Files.writeString(dir.resolve("broken.tsv"), "sentence\tlabel\nthe dog runs\t1\n");
        assertTrue(assertThrows(LmkitException.class, () -> SuiteReader.read(broken, null, false))
                .getMessage().startsWith("TSV suite needs a column named grammatical or good"));
    }

    @Test
    void readsColorlessGreenTargetWordTriples() throws Exception {
        Files.writeString(dir.resolve("generated.text"), "the keys to the cabinet are here\nthe key is here\n");
        Files.writeString(dir.resolve("generated.eval"), "5\n2\n");
        Files.writeString(dir.resolve("generated.gold"),
                "NOUN VERB\t7\t0\t5\tVERB\tNumber=Plur\tare\tis\tbe\t1\n" + "NOUN VERB\t8\t3\t2\tVERB\tNumber=Sing\tis\tare\tbe\t0\n");
        TargetWords s = (TargetWords) SuiteReader.read(dir.resolve("generated.gold"), null, true).get(0);
        assertTrue(s.carryState());
        assertEquals(new TargetWords.Item("7/0", List.of("the", "keys", "to", "the", "cabinet", "are", "here"), 5, "are", "is",
                List.of("n_attr=1", "sentences=original", "pattern=NOUN VERB")), s.items().get(0));
        assertEquals("sentences=nonce", s.items().get(1).groups().get(1));
        // a directory holding the triple reads it once
        assertEquals(1, SuiteReader.read(dir, null, false).size());
    }

    /** colorlessgreenRNNs' data/linzen_testset/subj_agr_filtered.*: a 4-column gold (index, correct, wrong, attractors). */
    @Test
    void readsTheLinzenTestSetLayoutWithItsAttractorCounts() throws Exception {
        Files.writeString(dir.resolve("subj_agr_filtered.text"), "the keys to the cabinet are here\nthe author that the guards like laughs\n");
        Files.writeString(dir.resolve("subj_agr_filtered.eval"), "5\n6\n");
        Files.writeString(dir.resolve("subj_agr_filtered.gold"), "5\tare\tis\t1\n6\tlaughs\tlaugh\t1\n");
        TargetWords s = (TargetWords) SuiteReader.read(dir.resolve("subj_agr_filtered.gold"), null, false).get(0);
        assertEquals(new TargetWords.Item("line 1", List.of("the", "keys", "to", "the", "cabinet", "are", "here"), 5, "are", "is",
                List.of("n_attr=1")), s.items().get(0));
        assertEquals(List.of(6, 2), List.of(s.items().get(1).target(), s.items().size()));
        Files.writeString(dir.resolve("subj_agr_filtered.gold"), "5\tare\tis\n6\tlaughs\tlaugh\n");
        assertTrue(assertThrows(dev.lmkit.LmkitException.class, () -> SuiteReader.read(dir.resolve("subj_agr_filtered.gold"), null, false))
                .getMessage().startsWith("line 1 of the target-word files is malformed (gold needs 4 columns"));
    }

    @Test
    void readsSyntaxGymJson() throws Exception {
        Path f = Files.writeString(dir.resolve("number_prep.json"), """
                {"meta": {"name": "number_prep"},
                 "predictions": [{"type": "formula", "formula": "(3;%match%) < (3;%mismatch%)"}],
                 "region_meta": {"1": "subject", "2": "pp", "3": "verb"},
                 "items": [{"item_number": 1, "conditions": [
                    {"condition_name": "match", "regions": [{"region_number": 2, "content": "near the cabinets"},
                        {"region_number": 1, "content": "The keys"}, {"region_number": 3, "content": "are"}]},
                    {"condition_name": "mismatch", "regions": [{"region_number": 1, "content": "The keys"},
                        {"region_number": 2, "content": "near the cabinets"}, {"region_number": 3, "content": "is"}]}]}]}
                """);
        SyntaxGymSuite s = (SyntaxGymSuite) SuiteReader.read(f, null, false).get(0);
        assertEquals("number_prep", s.name());
        assertEquals(List.of("(3;%match%) < (3;%mismatch%)"), s.predictions());
        assertEquals(Map.of("match", List.of("The keys", "near the cabinets", "are"),
                "mismatch", List.of("The keys", "near the cabinets", "is")), s.items().get(0).conditions());
    }

    @Test
    void unknownFilesAreClearErrors() throws Exception {
        Path f = Files.writeString(dir.resolve("notes.txt"), "hello\n");
        assertTrue(assertThrows(LmkitException.class, () -> SuiteReader.read(f, null, false)).getMessage().startsWith("cannot tell the suite format"));
        assertTrue(assertThrows(LmkitException.class, () -> SuiteReader.read(dir.resolve("none"), null, false)).getMessage().startsWith("suite not found"));
    }

    @Test
    void aSyntaxGymConditionWithoutRegionsIsAClearError() throws Exception {
        Path f = Files.writeString(dir.resolve("broken.json"), """
                {"predictions": [], "items": [{"item_number": 4, "conditions": [{"condition_name": "a"}]}]}
                """);
        assertEquals("SyntaxGym item 4 has a condition without 'condition_name' or 'regions': " + f,
                assertThrows(LmkitException.class, () -> SuiteReader.read(f, null, false)).getMessage());
    }
}
