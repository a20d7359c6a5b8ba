package dev.lmkit.agreement;

import dev.lmkit.Json;
import dev.lmkit.LmkitException;

import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;

/** The terminal table, and with {@code --report DIR}: items.json, summary.md, accuracy.png and (with attractor counts) attractors.png. */
public final class AgreementReport {
    private AgreementReport() {
    }

    public static void table(List<SuiteSummary> suites, PrintStream out) {
        for (SuiteSummary s : suites) {
            out.printf(Locale.ROOT, "%-58s %6.1f%%  (%d/%d)%s%n", s.name() + " [" + s.format() + "]", 100 * s.accuracy(),
                    s.correct(), s.n(), unkNote(s));
            if (!s.breakdown().isEmpty()) {
                s.breakdown().forEach((g, c) -> out.printf(Locale.ROOT, "    %-54s %6.1f%%  (%d/%d)%n", shorten(g), 100.0 * c[0] / c[1], c[0], c[1]));
            }
        }
    }

    private static String unkNote(SuiteSummary s) {
        if (s.unknownCritical() == 0) return "";
        return s.excluded() > 0 ? "  " + s.excluded() + " items with <unk> in a critical position excluded"
                : "  " + s.unknownCritical() + " items have <unk> in a critical position";
    }

    private static String shorten(String s) {
        return s.length() <= 54 ? s : s.substring(0, 51) + "...";
    }

    public static Map<String, Object> json(List<SuiteSummary> suites) {
        Map<String, Object> all = new LinkedHashMap<>();
        for (SuiteSummary s : suites) all.put(s.name(), s.toJson());
        return Map.of("suites", all);
    }

    /** JSON objects keep their keys in the order written (Map.of's order is not defined). */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return out;
    }

    public static void write(List<SuiteSummary> suites, String model, Path dir) {
        try {
            Files.createDirectories(dir);
            Map<String, Object> items = new LinkedHashMap<>();
            for (SuiteSummary s : suites) items.put(s.name(), s.items());
            Files.writeString(dir.resolve("items.json"), Json.pretty(ordered("model", model, "suites", items)));
            Files.writeString(dir.resolve("summary.md"), markdown(suites, model));
            chart(suites, dir.resolve("accuracy.png"));
            attractorChart(suites, dir.resolve("attractors.png"));
        } catch (IOException e) {
            throw new LmkitException("cannot write report to " + dir + ": " + e.getMessage());
        }
    }

    static String markdown(List<SuiteSummary> suites, String model) {
        StringBuilder md = new StringBuilder("# Agreement results\n\nModel: `" + model + "`\n\n");
        md.append("| suite | format | accuracy | 95% CI | n | items with <unk> in a critical position |\n|---|---|---:|---|---:|---:|\n");
        for (SuiteSummary s : suites) {
            double[] ci = SuiteSummary.wilson(s.correct(), s.n());
            md.append(String.format(Locale.ROOT, "| %s | %s | %.1f%% | %.1f–%.1f%% | %d | %d%s |%n", s.name(), s.format(),
                    100 * s.accuracy(), 100 * ci[0], 100 * ci[1], s.n(), s.unknownCritical(), s.excluded() > 0 ? " (excluded)" : ""));
        }
        for (SuiteSummary s : suites) {
            if (s.breakdown().isEmpty()) continue;
            md.append("\n## ").append(s.name()).append("\n\n| group | accuracy | 95% CI | n |\n|---|---:|---|---:|\n");
            s.breakdown().forEach((g, c) -> {
                double[] ci = SuiteSummary.wilson(c[0], c[1]);
                md.append(String.format(Locale.ROOT, "| %s | %.1f%% | %.1f–%.1f%% | %d |%n", g.replace("|", "\\|"),
                        100.0 * c[0] / c[1], 100 * ci[0], 100 * ci[1], c[1]));
            });
        }
        return md.toString();
    }

    /** Accuracy bars per suite (several suites) or per group (one suite), with Wilson intervals and chance, as a PNG. */
    public static void chart(List<SuiteSummary> suites, Path png) throws IOException {
        AccuracyChart.write("agreement accuracy", AccuracyChart.rows(suites), png);
    }

    /** Accuracy by number of attractors for the suites that count them; false (nothing written) when none does. */
    public static boolean attractorChart(List<SuiteSummary> suites, Path png) throws IOException {
        List<AccuracyChart.Row> rows = AccuracyChart.attractorRows(suites);
        if (!rows.isEmpty()) AccuracyChart.write("accuracy by number of attractors", rows, png);
        return !rows.isEmpty();
    }
}
