package dev.lmkit.agreement;

import dev.lmkit.model.ModelBundle;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** agreement compare: McNemar's test on hand-computed counts, and models compared on the items both can score. */
class ComparisonTest {
    @Test
    void mcNemarIsExactForFewDiscordantItemsAndChiSquareForMany() {
        McNemar small = McNemar.of(8, 2); // P(X <= 2 | 10, 1/2) = 56/1024, doubled
        assertTrue(small.exact());
        assertEquals(0.109375, small.p(), 1e-12);
        assertEquals("no difference", small.verdict("A", "B"));
        McNemar many = McNemar.of(30, 10); // (|30 - 10| - 1)^2 / 40 = 9.025
        assertFalse(many.exact());
        assertEquals(9.025, many.statistic(), 1e-12);
        assertEquals(0.0026631, many.p(), 1e-6);
        assertEquals("A better", many.verdict("A", "B"));
        assertEquals("B better", McNemar.of(10, 30).verdict("A", "B"));
        assertEquals(1.0, McNemar.of(0, 0).p());
        assertEquals(1.0, McNemar.of(3, 3).p(), 1e-12, "P(X <= 3 | 6) doubled is above 1: capped");
    }

    @Test
    void modelsAreComparedOnTheItemsEveryOneCanScore() {
        // 12 items: A right on 0-9; B right on 0-3, 10 and 11; item 11's critical word is unknown to B
        List<ItemResult> a = new ArrayList<>(), b = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Map<String, Boolean> groupA = Map.of(i % 2 == 0 ? "n_attr=0" : "n_attr=1", i < 10);
            Map<String, Boolean> groupB = Map.of(i % 2 == 0 ? "n_attr=0" : "n_attr=1", i < 4 || i >= 10);
            a.add(new ItemResult("i" + i, i < 10, groupA, false, Map.of()));
            b.add(new ItemResult("i" + i, i < 4 || i >= 10, groupB, i == 11, Map.of()));
        }
        Comparison c = Comparison.of(List.of("A", "B"), List.of(suite("s")), List.of(List.of(a), List.of(b)));
        Comparison.Row all = c.rows().get(0);
        assertNull(all.group());
        assertEquals(11, all.n());
        assertEquals(1, all.dropped());
        assertArrayEquals(new long[]{10, 5}, all.correct());
        McNemar t = all.tests().get(0).test(); // A only: items 4-9; B only: item 10
        assertEquals(6, t.b());
        assertEquals(1, t.c());
        assertEquals(0.125, t.p(), 1e-12); // P(X <= 1 | 7) = 8/128, doubled
        assertEquals(List.of("n_attr=0", "n_attr=1"), c.rows().subList(1, 3).stream().map(Comparison.Row::group).toList());
        assertEquals(6, c.rows().get(1).n()); // even items 0..10
        assertTrue(c.markdown().contains("| s | all | 11 | 90.9% ["), c.markdown());
        assertTrue(c.markdown().contains("| s | all | A vs B | 6 | 1 | exact | 1.000 | 0.1250 | no difference |"), c.markdown());
        assertTrue(c.markdown().contains("1 items left out"), c.markdown());
    }

    private static Suite suite(String name) {
        return new Suite() {
            public String name() {
                return name;
            }

            public String format() {
                return "test";
            }

            public int size() {
                return 12;
            }

            public List<ItemResult> score(ModelBundle model) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
