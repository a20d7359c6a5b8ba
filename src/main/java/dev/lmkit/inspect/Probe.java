package dev.lmkit.inspect;

import dev.lmkit.LmkitException;
import dev.lmkit.agreement.GroupedBarChart;
import dev.lmkit.agreement.ItemResult;
import dev.lmkit.agreement.SubjectNumber;
import dev.lmkit.agreement.Suite;
import dev.lmkit.agreement.SuiteSummary;
import dev.lmkit.model.ModelBundle;

import java.util.*;

/**
 * {@code ./lmkit probe}: diagnostic classifiers (Giulianelli et al. 2018, "Under the hood"). For every LSTM layer and
 * state (h, c) and every position of interest — the subject, the first noun between it and the verb, the word before
 * the verb, the verb — a {@link LogisticProbe} learns the subject's number from the state there on a seeded part of the
 * items and is scored on the rest (an item and its nonce variants fall on one side). Scored also apart on the
 * held-out items the model itself gets right and those it gets wrong, the paper's key comparison.
 */
public record Probe(List<String> suites, int trainItems, int testItems, double majority, List<Cell> cells) {
    public static final List<String> POSITIONS = List.of("subject", "attractor", "before verb", "verb");
    public static final double TEST_SHARE = 0.2;

    /** One probe's held-out accuracy: all test items, and those the model gets right / wrong. */
    public record Cell(String position, int layer, String state, Tally all, Tally modelRight, Tally modelWrong) {
    }

    public record Tally(long correct, long n) {
        public double accuracy() {
            return n == 0 ? Double.NaN : (double) correct / n;
        }

        public double[] interval() {
            return SuiteSummary.wilson(correct, n);
        }
    }

    private record Row(boolean plural, boolean modelRight, boolean test, float[][][][] states) {
    }

    public static Probe run(ModelBundle model, List<Suite> suites, long seed) {
        List<String> sentences = new ArrayList<>();
        List<int[]> words = new ArrayList<>();
        List<Boolean> plural = new ArrayList<>(), right = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (Suite s : suites) {
            List<SubjectNumber> subjects = s.subjects();
            if (subjects == null) {
                throw new LmkitException("suite " + s.name() + " (" + s.format() + ") does not say where the subject is: probe reads "
                        + "suites mined by `agreement mine` or written by `agreement generate`");
            }
            List<ItemResult> results = s.score(model);
            for (int i = 0; i < subjects.size(); i++) {
                SubjectNumber sn = subjects.get(i);
                sentences.add(String.join(" ", sn.words().subList(0, sn.verb() + 1)));
                words.add(new int[]{sn.subject(), sn.attractors().isEmpty() ? -1 : sn.attractors().get(0), sn.verb() - 1, sn.verb()});
                plural.add(sn.plural());
                right.add(results.get(i).correct());
                groups.add(s.name() + "/" + results.get(i).id().split("/")[0]);
            }
        }
        if (sentences.isEmpty()) throw new LmkitException("no items to probe");
        Set<String> test = testGroups(groups, seed);
        List<float[][][][]> states = States.read(model, sentences, words, Suite.BATCH);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) rows.add(new Row(plural.get(i), right.get(i), test.contains(groups.get(i)), states.get(i)));
        long trainPlural = rows.stream().filter(r -> !r.test() && r.plural()).count(), trainN = rows.stream().filter(r -> !r.test()).count();
        if (trainN == 0 || trainN == rows.size()) throw new LmkitException("too few items to hold some out for testing the probes: " + rows.size());
        boolean majorityPlural = 2 * trainPlural > trainN;
        long testN = rows.size() - trainN, testMajority = rows.stream().filter(r -> r.test() && r.plural() == majorityPlural).count();
        int layers = model.config().model().hidden().size();
        List<Cell> cells = new ArrayList<>();
        for (int p = 0; p < POSITIONS.size(); p++) {
            for (int l = 0; l < layers; l++) {
                for (int st : new int[]{States.H, States.C}) cells.add(cell(rows, p, l, st));
            }
        }
        return new Probe(suites.stream().map(Suite::name).toList(), (int) trainN, (int) testN, (double) testMajority / testN, cells);
    }

    private static Cell cell(List<Row> rows, int position, int layer, int state) {
        List<float[]> x = new ArrayList<>();
        List<Boolean> y = new ArrayList<>();
        for (Row r : rows) {
            if (r.test() || r.states()[position] == null) continue;
            x.add(r.states()[position][layer][state]);
            y.add(r.plural());
        }
        String name = POSITIONS.get(position), stateName = state == States.H ? "h" : "c";
        long[] counts = new long[6];
        if (!x.isEmpty() && y.contains(true) && y.contains(false)) {
            boolean[] labels = new boolean[y.size()];
            for (int i = 0; i < labels.length; i++) labels[i] = y.get(i);
            LogisticProbe probe = LogisticProbe.fit(x.toArray(new float[0][]), labels);
            for (Row r : rows) {
                if (!r.test() || r.states()[position] == null) continue;
                boolean ok = probe.predict(r.states()[position][layer][state]) == r.plural();
                int k = r.modelRight() ? 2 : 4;
                counts[0] += ok ? 1 : 0;
                counts[1]++;
                counts[k] += ok ? 1 : 0;
                counts[k + 1]++;
            }
        }
        return new Cell(name, layer + 1, stateName, new Tally(counts[0], counts[1]), new Tally(counts[2], counts[3]), new Tally(counts[4], counts[5]));
    }

    /** The table {@code probe} prints: one row per position, layer and state. */
    public String markdown() {
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
                "Probes trained on %d items, tested on %d held-out items; majority baseline %.1f%%.%n%n"
                        + "| position | layer | state | accuracy | 95%% CI | n | model right | model wrong |%n|---|---|---|---|---|---|---|---|%n",
                trainItems, testItems, 100 * majority));
        for (Cell c : cells) {
            double[] ci = c.all().interval();
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %.1f–%.1f%% | %d | %s (n=%d) | %s (n=%d) |%n", c.position(), c.layer(),
                    c.state(), percent(c.all()), 100 * ci[0], 100 * ci[1], c.all().n(), percent(c.modelRight()), c.modelRight().n(),
                    percent(c.modelWrong()), c.modelWrong().n()));
        }
        return md.toString();
    }

    private static String percent(Tally t) {
        return t.n() == 0 ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * t.accuracy());
    }

    public Map<String, Object> toJson() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("suites", suites);
        o.put("train_items", trainItems);
        o.put("test_items", testItems);
        o.put("majority", majority);
        List<Object> rows = new ArrayList<>();
        for (Cell c : cells) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("position", c.position());
            row.put("layer", c.layer());
            row.put("state", c.state());
            row.put("accuracy", c.all().n() == 0 ? null : c.all().accuracy());
            row.put("n", c.all().n());
            row.put("interval", c.all().interval());
            row.put("model_right", Map.of("correct", c.modelRight().correct(), "n", c.modelRight().n()));
            row.put("model_wrong", Map.of("correct", c.modelWrong().correct(), "n", c.modelWrong().n()));
            rows.add(row);
        }
        o.put("cells", rows);
        return o;
    }

    /**
     * Accuracy by position (rows) for each layer and state (bars), the majority baseline dashed; then the word before
     * the verb on the items the model gets right and on those it gets wrong.
     */
    public void chart(java.nio.file.Path png) throws java.io.IOException {
        List<String> series = new ArrayList<>();
        for (Cell c : cells) if (c.position().equals(POSITIONS.get(0))) series.add("layer " + c.layer() + " " + c.state());
        List<GroupedBarChart.Row> rows = new ArrayList<>();
        for (String position : POSITIONS) rows.add(row(position, position, Cell::all));
        rows.add(row("before verb", "before verb, model right", Cell::modelRight));
        rows.add(row("before verb", "before verb, model wrong", Cell::modelWrong));
        GroupedBarChart.write(png, "probing the subject's number",
                "bars: held-out accuracy of a logistic probe per layer and state; whiskers: 95% Wilson interval; dashed: majority",
                series, rows, majority);
    }

    private GroupedBarChart.Row row(String position, String label, java.util.function.Function<Cell, Tally> tally) {
        List<Cell> at = cells.stream().filter(c -> c.position().equals(position)).toList();
        long[] correct = new long[at.size()], n = new long[at.size()];
        for (int i = 0; i < at.size(); i++) {
            correct[i] = tally.apply(at.get(i)).correct();
            n[i] = tally.apply(at.get(i)).n();
        }
        return new GroupedBarChart.Row(label + " (n=" + (n.length == 0 ? 0 : n[0]) + ")", correct, n);
    }

    /** A seeded {@link #TEST_SHARE} of the item groups. */
    static Set<String> testGroups(List<String> groups, long seed) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(groups));
        Collections.shuffle(distinct, new Random(seed));
        return new HashSet<>(distinct.subList(0, (int) Math.max(1, Math.round(distinct.size() * TEST_SHARE))));
    }
}
