package dev.lmkit.agreement;

import java.util.Map;

/**
 * One scored benchmark item. {@code groups} maps each breakdown the item belongs to (for example
 * {@code "n_attr=2"}) to whether the item was right there — the same as {@code correct} except for
 * SyntaxGym, where each prediction is its own group and the item counts only if all of them hold.
 * {@code scores} holds the numbers behind the verdict, for the report.
 */
public record ItemResult(String id, boolean correct, Map<String, Boolean> groups, boolean unknownCritical,
                         Map<String, Object> scores) {
}
