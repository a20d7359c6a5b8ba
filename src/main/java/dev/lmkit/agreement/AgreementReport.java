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
        long ties = 0;
        for (SuiteSummary s : suites) {
            ties += s.ties();
            if (s.n() == 0) {
                out.printf(Locale.ROOT, "%-58s no scorable items%s%n", s.name() + " [" + s.format() + "]", unkNote(s));
                continue;
            }
            out.printf(Locale.ROOT, "%-58s %6.1f%%  (%d/%d)%s%s%n", s.name() + " [" + s.format() + "]", 100 * s.accuracy(),
                    s.correct(), s.n(), s.ties() > 0 ? ", " + s.ties() + " ties" : "", unkNote(s));
            if (!s.breakdown().isEmpty()) {
                s.breakdown().forEach((g, c) -> out.printf(Locale.ROOT, "    %-54s %6.1f%%  (%d/%d)%n", shorten(g), 100.0 * c[0] / c[1], c[0], c[1]));
            }
        }
        if (ties > 0) out.println(TIES);
    }

    /** Why a tie counts as wrong, printed under every table that has one. */
    static final String TIES = "ties: both sides scored exactly the same (usually an <unk> where they differ, so the model "
            + "cannot tell them apart); a tie counts as wrong. --exclude-unk leaves such items out.";

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

    /** The files a report holds; a directory holding anything else is not a report and is never replaced. */
    static final java.util.Set<String> FILES = java.util.Set.of("items.json", "summary.md", "accuracy.png", "attractors.png");

    /**
     * Writes the report into a temporary sibling of {@code dir} and swaps it in whole: a kill leaves the old report or
     * the new one, never a truncated items.json or files from two models.
     */
    public static void write(List<SuiteSummary> suites, String model, Path dir) {
        checkReplaceable(dir);
        try {
            dev.lmkit.OutputFiles.writeDirectory(dir, temp -> {
                Map<String, Object> items = new LinkedHashMap<>();
                for (SuiteSummary s : suites) items.put(s.name(), s.items());
                Files.writeString(temp.resolve("items.json"), Json.pretty(ordered("model", model, "suites", items)));
                Files.writeString(temp.resolve("summary.md"), markdown(suites, model));
                chart(suites, temp.resolve("accuracy.png"));
                attractorChart(suites, temp.resolve("attractors.png"));
                try (var files = Files.list(temp)) {
                    for (Path f : files.toList()) dev.lmkit.OutputFiles.readableByAll(f);
                }
            });
        } catch (IOException e) {
            throw new LmkitException("cannot write report to " + dir + ": " + e.getMessage());
        }
    }

    /** Refuses a --report that is a link, a file, or a directory of anything but an earlier report. */
    public static void checkReplaceable(Path dir) {
        if (Files.isSymbolicLink(dir)) throw new LmkitException("--report is a symbolic link (lmkit writes only what it makes): " + dir);
        if (!Files.exists(dir)) return;
        if (!Files.isDirectory(dir)) throw new LmkitException("--report names a file, not a directory: " + dir);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                if (!FILES.contains(f.getFileName().toString()) || !Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    throw new LmkitException("--report names a directory that is not an lmkit report (it holds "
                            + dev.lmkit.Messages.quote(f.getFileName().toString()) + "): give a new directory: " + dir);
                }
            }
        } catch (IOException e) {
            throw new LmkitException("cannot read " + dir + ": " + e.getMessage());
        }
    }

    static String markdown(List<SuiteSummary> suites, String model) {
        StringBuilder md = new StringBuilder("# Agreement results\n\nModel: `" + model + "`\n\n");
        md.append("| suite | format | accuracy | 95% CI | n | ties | items with <unk> in a critical position |\n|---|---|---:|---|---:|---:|---:|\n");
        long ties = 0;
        for (SuiteSummary s : suites) {
            ties += s.ties();
            double[] ci = SuiteSummary.wilson(s.correct(), s.n());
            String accuracy = s.n() == 0 ? "no scorable items" : String.format(Locale.ROOT, "%.1f%%", 100 * s.accuracy());
            String interval = s.n() == 0 ? "" : String.format(Locale.ROOT, "%.1f–%.1f%%", 100 * ci[0], 100 * ci[1]);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %d | %d%s |%n", s.name(), s.format(),
                    accuracy, interval, s.n(), s.ties(), s.unknownCritical(), s.excluded() > 0 ? " (excluded)" : ""));
        }
        if (ties > 0) md.append("\n").append(TIES).append("\n");
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
