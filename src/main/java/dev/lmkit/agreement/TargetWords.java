package dev.lmkit.agreement;

import java.util.*;

/**
 * Target-word items (Linzen et al. 2016; Gulordava et al. 2018): correct when the model prefers the
 * correct form over the wrong one at the target position. By default every sentence is scored from a
 * fresh state (both forms continue the same prefix); {@code carryState} reads the file as one running
 * text, as the original colorlessgreenRNNs script does (word models only).
 */
public record TargetWords(String name, List<Item> items, boolean carryState) implements Suite {

    /** {@code tokens} is the tokenized sentence; {@code target} the index of the form being tested. */
    public record Item(String id, List<String> tokens, int target, String correct, String wrong, List<String> groups) {
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
    public List<ItemResult> score(ModelText model) {
        double[][] pair = carryState ? carried(model) : fresh(model);
        List<ItemResult> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            boolean correct = pair[i][0] < pair[i][1];
            Map<String, Boolean> groups = new LinkedHashMap<>();
            for (String g : item.groups()) groups.put(g, correct);
            boolean unk = model.tokens(item.correct()).stream().anyMatch(model::unknown)
                    || model.tokens(item.wrong()).stream().anyMatch(model::unknown);
            Map<String, Object> scores = new LinkedHashMap<>();
            scores.put("prefix", String.join(" ", item.tokens().subList(0, item.target())));
            scores.put("correct", item.correct());
            scores.put("wrong", item.wrong());
            scores.put("correct_surprisal_bits", pair[i][0]);
            scores.put("wrong_surprisal_bits", pair[i][1]);
            out.add(new ItemResult(item.id(), correct, groups, unk, scores));
        }
        return out;
    }

    /** Surprisal of the two forms after the prefix, each text from a fresh state. */
    private double[][] fresh(ModelText model) {
        List<List<String>> texts = new ArrayList<>();
        List<Integer> prefixLengths = new ArrayList<>();
        for (Item item : items) {
            List<String> prefix = model.tokens(String.join(" ", item.tokens().subList(0, item.target())));
            prefixLengths.add(prefix.size());
            for (String form : List.of(item.correct(), item.wrong())) {
                List<String> t = new ArrayList<>(model.tokens(String.join(" ", item.tokens().subList(0, item.target())) + " " + form));
                texts.add(t);
            }
        }
        List<double[]> bits = model.surprisals(texts);
        double[][] out = new double[items.size()][2];
        for (int i = 0; i < items.size(); i++) {
            for (int k = 0; k < 2; k++) {
                double[] b = bits.get(2 * i + k);
                out[i][k] = ModelText.sum(Arrays.copyOfRange(b, Math.min(prefixLengths.get(i), b.length), b.length));
            }
        }
        return out;
    }

    private double[][] carried(ModelText model) {
        if (model.charModel()) throw new IllegalArgumentException("--carry-state needs a word model (a target form is one token)");
        List<List<String>> sentences = new ArrayList<>();
        List<int[]> alternatives = new ArrayList<>();
        for (Item item : items) {
            List<String> s = new ArrayList<>(item.tokens());
            s.add(model.lineEndToken());
            sentences.add(s);
            alternatives.add(new int[]{item.target(), model.id(item.wrong())});
        }
        List<double[]> bits = model.carriedSurprisals(sentences, alternatives);
        double[][] out = new double[items.size()][2];
        for (int i = 0; i < items.size(); i++) {
            double[] b = bits.get(i);
            out[i][0] = b[items.get(i).target()];
            out[i][1] = b[b.length - 1];
        }
        return out;
    }
}
