package dev.lmkit.agreement;

import dev.lmkit.eval.ScoredText;
import dev.lmkit.eval.Scorer;
import dev.lmkit.model.ModelBundle;

import java.util.*;

/**
 * Minimal pairs (BLiMP JSONL, Marvin &amp; Linzen-style TSV): an item is correct when the grammatical
 * sentence has the higher summed log-probability — the sum over all its tokens, line end included,
 * never the mean. Tokens where the two sentences differ are the critical ones for {@code <unk>} counts.
 */
public record MinimalPairs(String name, String format, List<Pair> pairs) implements Suite {

    /** {@code subject}: where the subject is and its number, when the suite says (null otherwise). */
    public record Pair(String id, String good, String bad, List<String> groups, SubjectNumber subject) {
        public Pair(String id, String good, String bad, List<String> groups) {
            this(id, good, bad, groups, null);
        }
    }

    @Override
    public int size() {
        return pairs.size();
    }

    @Override
    public List<SubjectNumber> subjects() {
        List<SubjectNumber> out = new ArrayList<>(pairs.size());
        for (Pair p : pairs) out.add(p.subject());
        return out.contains(null) ? null : out;
    }

    @Override
    public List<ItemResult> score(ModelBundle model) {
        List<String> sentences = new ArrayList<>();
        for (Pair p : pairs) {
            sentences.add(p.good());
            sentences.add(p.bad());
        }
        List<ScoredText> scored = Scorer.sentences(model, sentences, BATCH);
        List<ItemResult> out = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            Pair p = pairs.get(i);
            ScoredText good = scored.get(2 * i), bad = scored.get(2 * i + 1);
            boolean correct = good.sum() < bad.sum();
            Map<String, Boolean> groups = new LinkedHashMap<>();
            for (String g : p.groups()) groups.put(g, correct);
            Map<String, Object> scores = new LinkedHashMap<>();
            scores.put("good", p.good());
            scores.put("bad", p.bad());
            scores.put("good_surprisal_bits", good.sum());
            scores.put("bad_surprisal_bits", bad.sum());
            scores.put("good_tokens", ItemResult.tokens(good));
            scores.put("bad_tokens", ItemResult.tokens(bad));
            out.add(new ItemResult(p.id(), correct, good.sum() == bad.sum(), groups, unknownWhereTheyDiffer(good, bad), scores));
        }
        return out;
    }

    static boolean unknownWhereTheyDiffer(ScoredText a, ScoredText b) {
        List<String> ta = a.tokens(), tb = b.tokens();
        int start = 0;
        while (start < ta.size() && start < tb.size() && ta.get(start).equals(tb.get(start))) start++;
        int endA = ta.size(), endB = tb.size();
        while (endA > start && endB > start && ta.get(endA - 1).equals(tb.get(endB - 1))) {
            endA--;
            endB--;
        }
        return a.anyUnknown(start, endA) || b.anyUnknown(start, endB);
    }
}
