package dev.lmkit.agreement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Several models on the same suites ({@code agreement compare}): accuracy per suite and group with 95% Wilson
 * intervals, and for each pair of models McNemar's test on the same items. Only the items every model can score
 * enter — an item whose critical word is unknown to any model ({@code <unk>}) is dropped, and the drop counted — so
 * models with different vocabularies are compared on common ground.
 */
public record Comparison(List<String> models, List<Row> rows) {

    /** One suite ({@code group} null) or one of its groups: {@code correct[m]} of {@code n} items for model m. */
    public record Row(String suite, String group, long n, long dropped, long[] correct, List<Pair> tests) {
        public double accuracy(int model) {
            return n == 0 ? Double.NaN : (double) correct[model] / n;
        }
    }

    /** Models {@code a} and {@code b} (indices into {@link #models}) on a row's items. */
    public record Pair(int a, int b, McNemar test) {
    }

    /** {@code results.get(m).get(s)}: model m's results on suite s (the suites in {@code suites} order). */
    /** Scores every suite with every model (loaded one at a time by {@code load}) and compares them. */
    public static Comparison score(List<String> names, int models, java.util.function.IntFunction<dev.lmkit.model.ModelBundle> load,
                                   List<Suite> suites) {
        List<List<List<ItemResult>>> results = new ArrayList<>();
        for (int m = 0; m < models; m++) {
            dev.lmkit.model.ModelBundle bundle = load.apply(m);
            List<List<ItemResult>> perSuite = new ArrayList<>();
            for (Suite s : suites) perSuite.add(s.score(bundle));
            results.add(perSuite);
        }
        return of(names, suites, results);
    }

    public static Comparison of(List<String> models, List<Suite> suites, List<List<List<ItemResult>>> results) {
        List<Row> rows = new ArrayList<>();
        for (int s = 0; s < suites.size(); s++) {
            int count = models.size();
            List<Map<String, ItemResult>> byId = new ArrayList<>();
            for (int m = 0; m < count; m++) {
                Map<String, ItemResult> items = new LinkedHashMap<>();
                for (ItemResult r : results.get(m).get(s)) items.put(r.id(), r);
                byId.add(items);
            }
            List<String> common = new ArrayList<>();
            for (String id : byId.get(0).keySet()) {
                boolean all = true;
                for (Map<String, ItemResult> items : byId) all &= items.containsKey(id) && !items.get(id).unknownCritical();
                if (all) common.add(id);
            }
            long dropped = byId.get(0).size() - common.size();
            rows.add(row(suites.get(s).name(), null, common, dropped, byId, null));
            SortedMap<String, Integer> groups = new TreeMap<>();
            for (String id : common) for (String g : byId.get(0).get(id).groups().keySet()) groups.merge(g, 1, Integer::sum);
            for (var g : groups.entrySet()) {
                if (g.getValue() < common.size()) rows.add(row(suites.get(s).name(), g.getKey(), common, dropped, byId, g.getKey()));
            }
        }
        return new Comparison(List.copyOf(models), rows);
    }

    private static Row row(String suite, String group, List<String> ids, long dropped, List<Map<String, ItemResult>> byId, String g) {
        int count = byId.size();
        List<boolean[]> right = new ArrayList<>(); // per item, per model
        for (String id : ids) {
            if (g != null && !byId.get(0).get(id).groups().containsKey(g)) continue;
            boolean[] r = new boolean[count];
            for (int m = 0; m < count; m++) {
                ItemResult item = byId.get(m).get(id);
                r[m] = g == null ? item.correct() : item.groups().getOrDefault(g, false);
            }
            right.add(r);
        }
        long[] correct = new long[count];
        for (boolean[] r : right) for (int m = 0; m < count; m++) correct[m] += r[m] ? 1 : 0;
        List<Pair> tests = new ArrayList<>();
        for (int a = 0; a < count; a++) {
            for (int b = a + 1; b < count; b++) {
                long onlyA = 0, onlyB = 0;
                for (boolean[] r : right) {
                    if (r[a] && !r[b]) onlyA++;
                    if (r[b] && !r[a]) onlyB++;
                }
                tests.add(new Pair(a, b, McNemar.of(onlyA, onlyB)));
            }
        }
        return new Row(suite, group, right.size(), dropped, correct, tests);
    }

    /** Markdown: accuracy with its interval per model, then each paired test with its verdict. */
    public String markdown() {
        StringBuilder md = new StringBuilder("| suite | group | n |");
        for (String m : models) md.append(' ').append(m).append(" |");
        md.append("\n|---|---|---:|").append("---:|".repeat(models.size())).append('\n');
        for (Row r : rows) {
            md.append("| ").append(r.suite()).append(" | ").append(r.group() == null ? "all" : r.group()).append(" | ").append(r.n()).append(" |");
            for (int m = 0; m < models.size(); m++) {
                double[] ci = SuiteSummary.wilson(r.correct()[m], r.n());
                md.append(String.format(Locale.ROOT, " %.1f%% [%.1f, %.1f] |", 100 * r.accuracy(m), 100 * ci[0], 100 * ci[1]));
            }
            md.append('\n');
        }
        md.append("\nPaired on the same items (McNemar; b: first right, second wrong; c: the reverse; exact below 25 discordant items):\n\n")
                .append("| suite | group | models | b | c | test | statistic | p | at 5% |\n|---|---|---|---:|---:|---|---:|---:|---|\n");
        for (Row r : rows) {
            for (Pair p : r.tests()) {
                McNemar t = p.test();
                md.append(String.format(Locale.ROOT, "| %s | %s | %s vs %s | %d | %d | %s | %.3f | %.4g | %s |%n", r.suite(),
                        r.group() == null ? "all" : r.group(), models.get(p.a()), models.get(p.b()), t.b(), t.c(),
                        t.exact() ? "exact" : "chi-square", t.statistic(), t.p(), t.verdict(models.get(p.a()), models.get(p.b()))));
            }
        }
        long dropped = rows.stream().filter(r -> r.group() == null).mapToLong(Row::dropped).sum();
        if (dropped > 0) md.append(String.format(Locale.ROOT, "%n%d items left out: their critical word is unknown to at least one model.%n", dropped));
        return md.toString();
    }

    /** Per suite and group a bar per model ({@link GroupedBarChart}), chance dashed at 50%. */
    public static void chart(Comparison c, java.nio.file.Path png) throws java.io.IOException {
        List<GroupedBarChart.Row> bars = new ArrayList<>();
        for (Row r : c.rows()) {
            long[] n = new long[c.models().size()];
            Arrays.fill(n, r.n());
            bars.add(new GroupedBarChart.Row((r.group() == null ? r.suite() : r.suite() + ": " + r.group()) + " (n=" + r.n() + ")", r.correct(), n));
        }
        GroupedBarChart.write(png, "agreement accuracy by model",
                "bars: accuracy on the items every model can score; whiskers: 95% Wilson interval; dashed: chance", c.models(), bars, 0.5);
    }

    /** The {@code --json} shape. */
    public Map<String, Object> toJson() {
        List<Object> out = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("suite", r.suite());
            row.put("group", r.group());
            row.put("n", r.n());
            row.put("dropped", r.dropped());
            Map<String, Object> acc = new LinkedHashMap<>();
            for (int m = 0; m < models.size(); m++) {
                double[] ci = SuiteSummary.wilson(r.correct()[m], r.n());
                acc.put(models.get(m), AgreementReport.ordered("accuracy", r.accuracy(m), "correct", r.correct()[m], "low", ci[0], "high", ci[1]));
            }
            row.put("accuracy", acc);
            List<Object> tests = new ArrayList<>();
            for (Pair p : r.tests()) {
                McNemar t = p.test();
                tests.add(AgreementReport.ordered("a", models.get(p.a()), "b", models.get(p.b()), "a_only", t.b(), "b_only", t.c(),
                        "exact", t.exact(), "statistic", t.statistic(), "p", t.p(), "verdict", t.verdict(models.get(p.a()), models.get(p.b()))));
            }
            row.put("tests", tests);
            out.add(row);
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("models", models);
        o.put("rows", out);
        return o;
    }
}
