package dev.lmkit.agreement;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SuiteSummaryTest {

    @Test
    void wilsonIntervalMatchesTheTextbookValue() {
        double[] ci = SuiteSummary.wilson(8, 10); // Wilson 95% for 8/10: 0.490 – 0.943
        assertEquals(0.490, ci[0], 1e-3);
        assertEquals(0.943, ci[1], 1e-3);
    }

    @Test
    void unknownItemsAreCountedAndOnlyDroppedWhenAsked() {
        List<ItemResult> results = List.of(
                new ItemResult("1", true, Map.of("n_attr=0", true), false, Map.of()),
                new ItemResult("2", false, Map.of("n_attr=1", false), true, Map.of()),
                new ItemResult("3", true, Map.of("n_attr=1", true), false, Map.of()));
        Suite suite = new MinimalPairs("s", "tsv", List.of());
        SuiteSummary kept = SuiteSummary.of(suite, results, false);
        assertEquals(2.0 / 3, kept.accuracy(), 1e-12);
        assertEquals(1, kept.unknownCritical());
        assertEquals(0, kept.excluded());
        SuiteSummary excluded = SuiteSummary.of(suite, results, true);
        assertEquals(1.0, excluded.accuracy());
        assertEquals(1, excluded.excluded());
        assertArrayEquals(new long[]{1, 1}, excluded.groups().get("n_attr=1"));
    }

    @Test
    void theTablePrintsAParadigmOnceAndOnlyGroupsThatSplitIt() {
        // a BLiMP file: every item is in the same UID and linguistics_term groups
        List<ItemResult> blimp = List.of(
                new ItemResult("1", true, Map.of("UID=p", true, "linguistics_term=t", true), false, Map.of()),
                new ItemResult("2", false, Map.of("UID=p", false, "linguistics_term=t", false), false, Map.of()));
        SuiteSummary paradigm = SuiteSummary.of(new MinimalPairs("p", "blimp", List.of()), blimp, false);
        assertEquals(2, paradigm.groups().size()); // still in --json
        assertTrue(paradigm.breakdown().isEmpty());
        var out = new java.io.ByteArrayOutputStream();
        AgreementReport.table(List.of(paradigm), new java.io.PrintStream(out, true));
        List<String> lines = out.toString().lines().toList();
        assertEquals(1, lines.size(), out.toString());
        assertTrue(lines.get(0).matches("p \\[blimp] +50\\.0%  \\(1/2\\)"), lines.get(0));

        List<ItemResult> split = List.of(
                new ItemResult("1", true, Map.of("n_attr=0", true), false, Map.of()),
                new ItemResult("2", false, Map.of("n_attr=1", false), false, Map.of()));
        assertEquals(2, SuiteSummary.of(new MinimalPairs("s", "tsv", List.of()), split, false).breakdown().size());
    }

    /** A pair scored the same both ways (an <unk> where it differs) is wrong, and the table says how many and why. */
    @Test
    void tiesAreCountedShownAndExplained() {
        Suite suite = new MinimalPairs("anaphor", "blimp", List.of());
        List<ItemResult> results = List.of(
                new ItemResult("1", false, true, Map.of(), true, Map.of()),
                new ItemResult("2", false, true, Map.of(), true, Map.of()),
                new ItemResult("3", true, false, Map.of(), false, Map.of()));
        SuiteSummary all = SuiteSummary.of(suite, results, false);
        assertEquals(2, all.ties());
        assertEquals(2L, all.toJson().get("ties"));
        var out = new java.io.ByteArrayOutputStream();
        AgreementReport.table(List.of(all), new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        String table = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(table.contains("33.3%  (1/3), 2 ties"), table);
        assertTrue(table.contains(AgreementReport.TIES), table);
        assertTrue(AgreementReport.markdown(List.of(all), "m").contains("| anaphor | blimp | 33.3% |"));

        Suite unknownOnly = new MinimalPairs("gender", "blimp", List.of());
        SuiteSummary none = SuiteSummary.of(unknownOnly, results.subList(0, 2), true);
        assertEquals(0, none.n());
        assertEquals(0, none.ties(), "excluded items are not counted as ties");
        out.reset();
        AgreementReport.table(List.of(none), new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(out.toString(java.nio.charset.StandardCharsets.UTF_8).contains("no scorable items"), out.toString());
        assertFalse(out.toString(java.nio.charset.StandardCharsets.UTF_8).contains("NaN"));
        assertTrue(AgreementReport.markdown(List.of(none), "m").contains("no scorable items"));
    }
}
