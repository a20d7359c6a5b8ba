package dev.lmkit.agreement;

import dev.lmkit.eval.ScoredText;
import dev.lmkit.eval.Scorer;
import dev.lmkit.model.ModelBundle;

import java.util.*;

/**
 * Target-word items (Linzen et al. 2016; Gulordava et al. 2018): correct when the model prefers the
 * correct form over the wrong one at the target position. By default every sentence is scored from a
 * fresh state (both forms continue the same prefix); {@code carryState} reads the file as one running
 * text, as the original colorlessgreenRNNs script does (word models only).
 */
public record TargetWords(String name, List<Item> items, boolean carryState) implements Suite {

    /** {@code tokens} is the tokenized sentence; {@code target} the index of the form being tested. */
    public record Item(String id, List<String> tokens, int target, String correct, String wrong, List<String> groups,
                       SubjectNumber subject) {
        public Item(String id, List<String> tokens, int target, String correct, String wrong, List<String> groups) {
            this(id, tokens, target, correct, wrong, groups, null);
        }
    }

    @Override
    public String format() {
        return "target-word";
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public List<SubjectNumber> subjects() {
        List<SubjectNumber> out = new ArrayList<>(items.size());
        for (Item i : items) out.add(i.subject());
        return out.contains(null) ? null : out;
    }

    @Override
    public List<ItemResult> score(ModelBundle model) {
        List<ScoredText[]> forms = carryState ? carried(model) : fresh(model);
        List<ItemResult> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            ScoredText correctForm = forms.get(i)[0], wrongForm = forms.get(i)[1];
            boolean correct = correctForm.sum() < wrongForm.sum();
            Map<String, Boolean> groups = new LinkedHashMap<>();
            for (String g : item.groups()) groups.put(g, correct);
            boolean unk = correctForm.unknownCount() > 0 || wrongForm.unknownCount() > 0;
            Map<String, Object> scores = new LinkedHashMap<>();
            scores.put("prefix", prefix(item));
            scores.put("correct", item.correct());
            scores.put("wrong", item.wrong());
            scores.put("correct_surprisal_bits", correctForm.sum());
            scores.put("wrong_surprisal_bits", wrongForm.sum());
            scores.put("correct_tokens", ItemResult.tokens(correctForm));
            scores.put("wrong_tokens", ItemResult.tokens(wrongForm));
            out.add(new ItemResult(item.id(), correct, correctForm.sum() == wrongForm.sum(), groups, unk, scores));
        }
        return out;
    }

    private static String prefix(Item item) {
        return String.join(" ", item.tokens().subList(0, item.target()));
    }

    /** The two forms as continuations of the prefix, each text from a fresh state. */
    private List<ScoredText[]> fresh(ModelBundle model) {
        List<String> prefixes = new ArrayList<>(), forms = new ArrayList<>();
        for (Item item : items) {
            String prefix = prefix(item);
            for (String form : List.of(item.correct(), item.wrong())) {
                prefixes.add(prefix);
                forms.add(form);
            }
        }
        List<ScoredText> scored = Scorer.continuations(model, prefixes, forms, BATCH);
        List<ScoredText[]> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) out.add(new ScoredText[]{scored.get(2 * i), scored.get(2 * i + 1)});
        return out;
    }

    /** The file's own tokens as one running text; the wrong form is scored in place of the target. */
    private List<ScoredText[]> carried(ModelBundle model) {
        if (model.text().charModel()) throw new IllegalArgumentException("--carry-state needs a word model (a target form is one token)");
        List<List<String>> sentences = new ArrayList<>();
        List<int[]> alternatives = new ArrayList<>();
        for (Item item : items) {
            List<String> s = new ArrayList<>(item.tokens());
            s.add(model.text().lineEnd());
            sentences.add(s);
            alternatives.add(new int[]{item.target(), model.text().id(item.wrong())});
        }
        List<ScoredText> scored = Scorer.carried(model, sentences, alternatives);
        List<ScoredText[]> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ScoredText s = scored.get(i);
            int target = items.get(i).target();
            out.add(new ScoredText[]{s.slice(target, target + 1), s.slice(s.size() - 1, s.size())});
        }
        return out;
    }
}
