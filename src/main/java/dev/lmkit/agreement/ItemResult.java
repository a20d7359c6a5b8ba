package dev.lmkit.agreement;

import dev.lmkit.eval.ScoredText;

import java.util.*;

/**
 * One scored benchmark item. {@code groups} maps each breakdown the item belongs to (for example
 * {@code "n_attr=2"}) to whether the item was right there — the same as {@code correct} except for
 * SyntaxGym, where each prediction is its own group and the item counts only if all of them hold.
 * {@code scores} holds the numbers behind the verdict, for the report. A {@code tie} (both sentences or forms scored
 * exactly the same, as when the word where they differ is {@code <unk>} for both) counts as wrong, and is counted.
 */
public record ItemResult(String id, boolean correct, boolean tie, Map<String, Boolean> groups, boolean unknownCritical,
                         Map<String, Object> scores) {

    /** An item whose scores cannot tie (SyntaxGym's formulas). */
    public ItemResult(String id, boolean correct, Map<String, Boolean> groups, boolean unknownCritical, Map<String, Object> scores) {
        this(id, correct, false, groups, unknownCritical, scores);
    }

    /** Per-token rows for items.json, the same numbers as {@code ./lmkit score} prints: token, surprisal, unknown. */
    static List<Map<String, Object>> tokens(ScoredText text) {
        List<Map<String, Object>> rows = new ArrayList<>(text.size());
        for (int t = 0; t < text.size(); t++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("token", text.tokens().get(t));
            row.put("surprisal", text.surprisals()[t]);
            row.put("unknown", text.unknown()[t]);
            rows.add(row);
        }
        return rows;
    }
}
