package dev.lmkit.agreement;

import java.util.*;

/**
 * Accuracy of one suite, overall and per group, with the {@code <unk>} bookkeeping and the ties (items scored the same
 * both ways, counted as wrong).
 */
public record SuiteSummary(String name, String format, long correct, long n, SortedMap<String, long[]> groups,
                           long unknownCritical, long excluded, List<ItemResult> items) {
    /** Items among those counted whose two sides scored exactly the same: wrong, and why. */
    public long ties() {
        boolean excluding = excluded > 0;
        return items.stream().filter(r -> r.tie() && !(excluding && r.unknownCritical())).count();
    }

    public static SuiteSummary of(Suite suite, List<ItemResult> results, boolean excludeUnknown) {
        long unknown = results.stream().filter(ItemResult::unknownCritical).count();
        List<ItemResult> kept = excludeUnknown ? results.stream().filter(r -> !r.unknownCritical()).toList() : results;
        SortedMap<String, long[]> groups = new TreeMap<>();
        for (ItemResult r : kept) {
            r.groups().forEach((g, ok) -> {
                long[] c = groups.computeIfAbsent(g, k -> new long[2]);
                c[0] += ok ? 1 : 0;
                c[1]++;
            });
        }
        long correct = kept.stream().filter(ItemResult::correct).count();
        return new SuiteSummary(suite.name(), suite.format(), correct, kept.size(), groups, unknown,
                results.size() - kept.size(), results);
    }

    /**
     * The groups worth a row of their own: without those holding every item with the suite's own
     * result (a BLiMP file's {@code UID=} and {@code linguistics_term=}), which would repeat the suite's row.
     */
    public SortedMap<String, long[]> breakdown() {
        SortedMap<String, long[]> out = new TreeMap<>();
        groups.forEach((g, c) -> {
            if (c[1] != n || c[0] != correct) out.put(g, c);
        });
        return out;
    }

    public double accuracy() {
        return n == 0 ? Double.NaN : (double) correct / n;
    }

    /** The 95% Wilson score interval of {@code correct} out of {@code n}. */
    public static double[] wilson(long correct, long n) {
        if (n == 0) return new double[]{0, 1};
        double z = 1.959964, p = (double) correct / n, z2 = z * z;
        double center = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new double[]{Math.max(0, center - half), Math.min(1, center + half)};
    }

    /** The {@code --json} shape: {"accuracy", "n", "groups": {key: {"accuracy", "n"}}, …}. */
    public Map<String, Object> toJson() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("accuracy", accuracy());
        o.put("n", n);
        Map<String, Object> g = new LinkedHashMap<>();
        groups.forEach((k, c) -> g.put(k, AgreementReport.ordered("accuracy", (double) c[0] / c[1], "n", c[1])));
        o.put("groups", g);
        o.put("format", format);
        o.put("ties", ties());
        o.put("unknown_critical", unknownCritical);
        o.put("excluded", excluded);
        return o;
    }
}
