package dev.lmkit.agreement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

class AccuracyChartTest {
    @TempDir
    Path dir;

    private static SuiteSummary suite(String name, long correct, long n, String... groups) {
        var g = new TreeMap<String, long[]>();
        for (int i = 0; i < groups.length; i += 3) g.put(groups[i], new long[]{Long.parseLong(groups[i + 1]), Long.parseLong(groups[i + 2])});
        return new SuiteSummary(name, "blimp", correct, n, g, 0, 0, List.of());
    }

    @Test
    void everySuiteGetsItsOwnBarWithItsWholeLabel() throws Exception {
        List<SuiteSummary> blimp = new ArrayList<>();
        for (String p : List.of("distractor_agreement_relational_noun", "distractor_agreement_relative_clause", "irregular_plural_subject_verb_agreement_1",
                "irregular_plural_subject_verb_agreement_2", "regular_plural_subject_verb_agreement_1", "regular_plural_subject_verb_agreement_2",
                "determiner_noun_agreement_1", "determiner_noun_agreement_2", "determiner_noun_agreement_irregular_1",
                "determiner_noun_agreement_irregular_2", "determiner_noun_agreement_with_adj_1", "determiner_noun_agreement_with_adjective_1",
                "anaphor_number_agreement")) {
            blimp.add(suite(p, 700, 1000));
        }
        List<AccuracyChart.Row> rows = AccuracyChart.rows(blimp);
        assertEquals(13, rows.size(), "one bar per suite");
        assertEquals(blimp.stream().map(SuiteSummary::name).toList(), rows.stream().map(AccuracyChart.Row::label).toList(), "labels whole and distinct");
        Path png = dir.resolve("accuracy.png");
        AgreementReport.chart(blimp, png);
        var image = ImageIO.read(png.toFile());
        assertTrue(image.getHeight() >= 13 * 26, "a row per bar");
    }

    @Test
    void attractorCountsGetTheirOwnChartInNumericOrder() throws Exception {
        SuiteSummary generated = suite("generated", 80, 100, "n_attr=0", "50", "55", "n_attr=1", "20", "30", "n_attr=10", "1", "2",
                "n_attr=2", "9", "13", "sentences=original", "40", "50");
        assertEquals(List.of("0 attractors", "1 attractor", "2 attractors", "10 attractors"),
                AccuracyChart.attractorRows(List.of(generated)).stream().map(AccuracyChart.Row::label).toList());
        assertTrue(AgreementReport.attractorChart(List.of(generated), dir.resolve("attractors.png")));
        assertFalse(AgreementReport.attractorChart(List.of(suite("blimp", 1, 2)), dir.resolve("none.png")));
        assertFalse(dir.resolve("none.png").toFile().exists());
    }
}
