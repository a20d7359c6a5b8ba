package dev.lmkit.agreement;

import java.util.*;

/**
 * Minimal pairs (BLiMP JSONL, Marvin & Linzen-style TSV): an item is correct when the grammatical
 * sentence has the higher summed log-probability — the sum over all its tokens, line end included,
 * never the mean. Tokens where the two sentences differ are the critical ones for {@code <unk>} counts.
 */
public record MinimalPairs(String name, String format, List<Pair> pairs) implements Suite {

    public record Pair(String id, String good, String bad, List<String> groups) {
    }

    @Override
    public int size() {
        return pairs.size();
    }

    @Override
    public List<ItemResult> score(ModelText model) {
        List<List<String>> texts = new ArrayList<>();
        for (Pair p : pairs) {
            texts.add(model.sentence(p.good()));
            texts.add(model.sentence(p.bad()));
        }
        List<double[]> bits = model.surprisals(texts);
        List<ItemResult> out = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            Pair p = pairs.get(i);
            double good = ModelText.sum(bits.get(2 * i)), bad = ModelText.sum(bits.get(2 * i + 1));
            boolean correct = good < bad;
            Map<String, Boolean> groups = new LinkedHashMap<>();
            for (String g : p.groups()) groups.put(g, correct);
            Map<String, Object> scores = new LinkedHashMap<>();
            scores.put("good", p.good());
            scores.put("bad", p.bad());
            scores.put("good_surprisal_bits", good);
            scores.put("bad_surprisal_bits", bad);
            out.add(new ItemResult(p.id(), correct, groups, unknownWhereTheyDiffer(model, texts.get(2 * i), texts.get(2 * i + 1)), scores));
        }
        return out;
    }

    static boolean unknownWhereTheyDiffer(ModelText model, List<String> a, List<String> b) {
        int start = 0;
        while (start < a.size() && start < b.size() && a.get(start).equals(b.get(start))) start++;
        int endA = a.size(), endB = b.size();
        while (endA > start && endB > start && a.get(endA - 1).equals(b.get(endB - 1))) {
            endA--;
            endB--;
        }
        for (String t : a.subList(start, endA)) if (model.unknown(t)) return true;
        for (String t : b.subList(start, endB)) if (model.unknown(t)) return true;
        return false;
    }
}
