package dev.lmkit.bench;

import java.util.*;

/**
 * Several runs of one workload summarized per figure: median, min, max and the spread
 * (max − min) / median, so a table can say how much one machine's numbers move between runs.
 */
public final class Repeats {
    private Repeats() {
    }

    public static Map<String, Object> summarize(List<Map<String, Object>> runs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : runs.get(0).keySet()) {
            double[] v = runs.stream().mapToDouble(r -> ((Number) r.get(key)).doubleValue()).sorted().toArray();
            double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
            Map<String, Object> figure = new LinkedHashMap<>();
            figure.put("median", Benchmark.round(median));
            figure.put("min", v[0]);
            figure.put("max", v[v.length - 1]);
            figure.put("spread", median == 0 ? 0.0 : Math.round((v[v.length - 1] - v[0]) / median * 1000) / 1000.0);
            out.put(key, figure);
        }
        return out;
    }

    /** One figure of {@link #summarize} as "name  median (min-max, spread%)". */
    @SuppressWarnings("unchecked")
    public static String line(String name, Object figure) {
        Map<String, Object> f = (Map<String, Object>) figure;
        double median = ((Number) f.get("median")).doubleValue(), min = ((Number) f.get("min")).doubleValue();
        double max = ((Number) f.get("max")).doubleValue(), spread = ((Number) f.get("spread")).doubleValue();
        return String.format("%-28s %10.1f  (%.1f-%.1f, %.0f%%)", name, median, min, max, 100 * spread);
    }
}
