package dev.lmkit.agreement;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class FormulaTest {
    // region surprisals (bits) for two conditions, hand-chosen
    private final Map<String, double[]> bits = Map.of(
            "match_sing", new double[]{3.0, 1.5, 2.0},
            "mismatch_sing", new double[]{3.0, 1.5, 6.0},
            "match_plural", new double[]{2.5, 4.0, 1.0},
            "mismatch_plural", new double[]{2.5, 4.0, 0.5});
    private final Formula.Regions regions = (condition, region) -> bits.get(condition)[region - 1];

    @Test
    void comparesRegionSurprisals() {
        assertTrue(Formula.holds("(3;%match_sing%) < (3;%mismatch_sing%)", regions));
        assertFalse(Formula.holds("(3;%match_plural%) < (3;%mismatch_plural%)", regions));
        assertTrue(Formula.holds("(3;%match_plural%) > (3;%mismatch_plural%)", regions));
        assertTrue(Formula.holds("(1;%match_sing%) = (1;%mismatch_sing%)", regions));
    }

    @Test
    void combinesWithAndOrBracketsAndArithmetic() {
        String both = "[(3;%match_sing%) < (3;%mismatch_sing%)] & [(3;%match_plural%) < (3;%mismatch_plural%)]";
        assertFalse(Formula.holds(both, regions));
        assertTrue(Formula.holds(both.replace("&", "|"), regions));
        // (2 + 6) - (2 + 1) = 5 > 4.5
        assertTrue(Formula.holds("((3;%mismatch_sing%) + (3;%match_sing%)) - ((3;%match_sing%) + (3;%match_plural%)) > 4.5", regions));
        assertTrue(Formula.holds("(3;%mismatch_sing%) - (3;%match_sing%) > (3;%match_plural%) * 2 * 1.5", regions)); // 4 > 3
        assertTrue(Formula.holds("-(1;%match_sing%) < 0", regions));
        assertTrue(Formula.holds("((1;%match_sing%) < (2;%match_plural%))", regions)); // parentheses around a comparison
    }

    @Test
    void listsTheRegionsItReadsAndRejectsBadFormulas() {
        assertEquals(Set.of(new Formula.RegionRef("match_sing", 3), new Formula.RegionRef("mismatch_sing", 3)),
                Formula.references("(3;%match_sing%) < (3;%mismatch_sing%)"));
        assertThrows(IllegalArgumentException.class, () -> Formula.holds("(3;%match_sing%) <", regions));
        assertThrows(IllegalArgumentException.class, () -> Formula.holds("(3;%match_sing%)", regions)); // not a comparison
        assertThrows(IllegalArgumentException.class, () -> Formula.holds("[(1;%match_sing%) < 2", regions));
    }
}
