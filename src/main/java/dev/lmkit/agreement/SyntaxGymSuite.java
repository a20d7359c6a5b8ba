package dev.lmkit.agreement;

import dev.lmkit.eval.ScoredText;
import dev.lmkit.eval.Scorer;
import dev.lmkit.model.ModelBundle;

import java.util.*;

/**
 * A SyntaxGym test suite: items with the same regions under several conditions, and prediction
 * formulas over region surprisals (sum of the region's token surprisals, in bits). Each prediction is
 * a group of its own; an item is correct only when every prediction holds.
 */
public record SyntaxGymSuite(String name, List<String> predictions, List<Item> items) implements Suite {

    /** {@code conditions} maps a condition name to its regions' texts, in region order (region 1 first). */
    public record Item(String id, Map<String, List<String>> conditions) {
    }

    @Override
    public String format() {
        return "syntaxgym";
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public List<ItemResult> score(ModelBundle model) {
        // Every condition of every item becomes one sentence; we remember which tokens belong to which region.
        List<List<String>> texts = new ArrayList<>();
        List<int[]> regionEnds = new ArrayList<>();
        for (Item item : items) {
            for (List<String> regions : item.conditions().values()) {
                List<String> tokens = new ArrayList<>();
                int[] ends = new int[regions.size()];
                StringBuilder sofar = new StringBuilder();
                for (int r = 0; r < regions.size(); r++) {
                    String content = regions.get(r).trim();
                    if (!content.isEmpty()) {
                        if (sofar.length() > 0) sofar.append(' ');
                        sofar.append(content);
                    }
                    // re-tokenizing the growing text keeps character models' spaces inside the next region
                    tokens = model.text().tokens(sofar.toString());
                    ends[r] = tokens.size();
                }
                texts.add(tokens);
                regionEnds.add(ends);
            }
        }
        List<ScoredText> scored = Scorer.tokens(model, texts, BATCH);
        Set<Formula.RegionRef> critical = new LinkedHashSet<>();
        for (String p : predictions) critical.addAll(Formula.references(p));
        List<ItemResult> out = new ArrayList<>();
        int k = 0;
        for (Item item : items) {
            Map<String, double[]> regionBits = new LinkedHashMap<>();
            Map<String, Object> conditionTokens = new LinkedHashMap<>();
            boolean unk = false;
            for (String condition : item.conditions().keySet()) {
                ScoredText text = scored.get(k);
                int[] ends = regionEnds.get(k);
                double[] sums = new double[ends.length];
                for (int r = 0; r < ends.length; r++) {
                    int start = r == 0 ? 0 : ends[r - 1];
                    sums[r] = text.slice(start, ends[r]).sum();
                    if (critical.contains(new Formula.RegionRef(condition, r + 1)) && text.anyUnknown(start, ends[r])) unk = true;
                }
                regionBits.put(condition, sums);
                conditionTokens.put(condition, ItemResult.tokens(text));
                k++;
            }
            Map<String, Boolean> groups = new LinkedHashMap<>();
            boolean all = true;
            for (int p = 0; p < predictions.size(); p++) {
                boolean holds = Formula.holds(predictions.get(p), (condition, region) -> {
                    double[] sums = regionBits.get(condition);
                    if (sums == null) throw new IllegalArgumentException("formula names unknown condition '" + condition + "' in " + name);
                    if (region < 1 || region > sums.length) throw new IllegalArgumentException("formula names region " + region + " of " + sums.length + " in " + name);
                    return sums[region - 1];
                });
                groups.put("prediction " + (p + 1) + ": " + predictions.get(p), holds);
                all &= holds;
            }
            Map<String, Object> scores = new LinkedHashMap<>();
            scores.put("region_surprisal_bits", regionBits);
            scores.put("tokens", conditionTokens);
            out.add(new ItemResult(item.id(), all, groups, unk, scores));
        }
        return out;
    }
}
