package dev.lmkit.inspect;

import dev.lmkit.LmkitException;
import dev.lmkit.agreement.GroupedBarChart;
import dev.lmkit.agreement.ItemResult;
import dev.lmkit.agreement.Suite;
import dev.lmkit.fused.FusedLstmLayer;
import dev.lmkit.model.ModelBundle;

import java.io.PrintStream;
import java.util.*;

/**
 * {@code ./lmkit ablate} (Lakretz et al. 2019): agreement accuracy while chosen LSTM units are silenced — their output
 * h held at zero at every step as the model reads ({@link FusedLstmLayer#ablate}) — scored by the suites' own scorer;
 * the model file is untouched. A scan silences each unit of a layer alone and ranks units by the drop in accuracy,
 * overall and by attractor count, so a long-range number unit shows as a drop only where an attractor intervenes.
 */
public final class Ablation {
    /** Groups whose breakdown a scan reports: attractor counts as the suite formats name them. */
    private static final String ATTRACTOR_GROUPS = "(n_attr|attractors)=.*";

    /** A unit: its layer (1 = the lowest LSTM layer) and index in the layer (from 0), written {@code L:I}. */
    public record Unit(int layer, int index) {
        public static List<Unit> parse(String list) {
            List<Unit> units = new ArrayList<>();
            for (String s : list.split(",")) {
                String[] p = s.trim().split(":");
                try {
                    if (p.length != 2) throw new NumberFormatException();
                    units.add(new Unit(Integer.parseInt(p[0]), Integer.parseInt(p[1])));
                } catch (NumberFormatException e) {
                    throw new LmkitException("--units takes layer:unit pairs such as 2:126,2:338 (layers from 1, units from 0), not '" + s.trim() + "'");
                }
            }
            return units;
        }

        @Override
        public String toString() {
            return layer + ":" + index;
        }
    }

    /** Items right and items, over all suites and per attractor group (sorted by name). */
    public record Accuracy(long correct, long n, SortedMap<String, long[]> groups) {
        public double value() {
            return n == 0 ? Double.NaN : (double) correct / n;
        }

        public double group(String g) {
            long[] c = groups.get(g);
            return c == null || c[1] == 0 ? Double.NaN : (double) c[0] / c[1];
        }
    }

    /** A scan's row: the unit and the accuracy with it silenced; {@code drop} against the intact model. */
    public record Effect(Unit unit, Accuracy accuracy, double drop) {
    }

    public record Scan(int layer, Accuracy intact, List<Effect> effects) {
        /** Units by the drop they cause, largest first (ties by index). */
        public List<Effect> ranked() {
            List<Effect> out = new ArrayList<>(effects);
            out.sort(Comparator.comparingDouble((Effect e) -> -e.drop()).thenComparingInt(e -> e.unit().index()));
            return out;
        }

        /** One row per unit, ranked: layer, unit, accuracy with it silenced, drop, and the drop per attractor group. */
        public String tsv() {
            StringBuilder out = new StringBuilder("layer\tunit\taccuracy\tdrop");
            for (String g : intact.groups().keySet()) out.append("\tdrop[").append(g).append(']');
            out.append('\n');
            out.append(String.format(Locale.ROOT, "%d\tnone\t%.4f\t0.0000", layer, intact.value()));
            for (String g : intact.groups().keySet()) out.append("\t0.0000");
            out.append('\n');
            for (Effect e : ranked()) {
                out.append(String.format(Locale.ROOT, "%d\t%d\t%.4f\t%.4f", e.unit().layer(), e.unit().index(), e.accuracy().value(), e.drop()));
                for (String g : intact.groups().keySet()) {
                    out.append(String.format(Locale.ROOT, "\t%.4f", intact.group(g) - e.accuracy().group(g)));
                }
                out.append('\n');
            }
            return out.toString();
        }

        /** The intact model and the {@code top} units with the largest drops: accuracy, all items and by attractor count. */
        public void chart(java.nio.file.Path png, int top) throws java.io.IOException {
            List<String> series = new ArrayList<>(List.of("all items"));
            series.addAll(intact.groups().keySet());
            List<GroupedBarChart.Row> rows = new ArrayList<>(List.of(row("intact model", intact)));
            for (Effect e : ranked().subList(0, Math.min(top, effects.size()))) rows.add(row("unit " + e.unit() + " silenced", e.accuracy()));
            GroupedBarChart.write(png, "agreement with single units of layer " + layer + " silenced",
                    "bars: accuracy, all items and by attractors; whiskers: 95% Wilson interval; dashed: chance", series, rows, 0.5);
        }

        private GroupedBarChart.Row row(String label, Accuracy a) {
            int k = a.groups().size() + 1;
            long[] correct = new long[k], n = new long[k];
            correct[0] = a.correct();
            n[0] = a.n();
            int i = 1;
            for (String g : intact.groups().keySet()) {
                long[] c = a.groups().getOrDefault(g, new long[2]);
                correct[i] = c[0];
                n[i++] = c[1];
            }
            return new GroupedBarChart.Row(label, correct, n);
        }
    }

    private Ablation() {
    }

    /** The model as ablation reads it: itself, or the fused twin of a stock-layer ({@code impl: dl4j}) model, so that
     *  several {@link #accuracy} calls on it build the twin once. */
    public static ModelBundle readable(ModelBundle model) {
        return FusedView.of(model);
    }

    /** Accuracy over the suites with {@code units} silenced (none: the intact model). */
    public static Accuracy accuracy(ModelBundle model, List<Suite> suites, List<Unit> units) {
        ModelBundle fused = FusedView.of(model);
        List<FusedLstmLayer> lstms = FusedView.lstms(fused);
        Map<Integer, List<Integer>> byLayer = new TreeMap<>();
        for (Unit u : units) {
            if (u.layer() < 1 || u.layer() > lstms.size()) throw new LmkitException("unit " + u + ": the model has LSTM layers 1 to " + lstms.size());
            long size = lstms.get(u.layer() - 1).layerConf().getNOut();
            if (u.index() < 0 || u.index() >= size) throw new LmkitException("unit " + u + ": layer " + u.layer() + " has units 0 to " + (size - 1));
            byLayer.computeIfAbsent(u.layer() - 1, k -> new ArrayList<>()).add(u.index());
        }
        try {
            byLayer.forEach((l, list) -> lstms.get(l).ablate(list.stream().mapToInt(Integer::intValue).toArray()));
            long correct = 0, n = 0;
            SortedMap<String, long[]> groups = new TreeMap<>();
            for (Suite s : suites) {
                for (ItemResult r : s.score(fused)) {
                    correct += r.correct() ? 1 : 0;
                    n++;
                    r.groups().forEach((g, ok) -> {
                        if (!g.matches(ATTRACTOR_GROUPS)) return;
                        long[] c = groups.computeIfAbsent(g, k -> new long[2]);
                        c[0] += ok ? 1 : 0;
                        c[1]++;
                    });
                }
            }
            return new Accuracy(correct, n, groups);
        } finally {
            for (FusedLstmLayer l : lstms) l.ablate();
        }
    }

    /** Every unit of {@code layer} (from 1) silenced alone; one progress line every few seconds to {@code log}. */
    public static Scan scan(ModelBundle model, List<Suite> suites, int layer, PrintStream log) {
        ModelBundle fused = FusedView.of(model);
        List<FusedLstmLayer> lstms = FusedView.lstms(fused);
        if (layer < 1 || layer > lstms.size()) throw new LmkitException("--scan " + layer + ": the model has LSTM layers 1 to " + lstms.size());
        int units = (int) lstms.get(layer - 1).layerConf().getNOut();
        Accuracy intact = accuracy(fused, suites, List.of());
        List<Effect> effects = new ArrayList<>();
        long start = System.nanoTime(), last = start;
        for (int u = 0; u < units; u++) {
            Accuracy a = accuracy(fused, suites, List.of(new Unit(layer, u)));
            effects.add(new Effect(new Unit(layer, u), a, intact.value() - a.value()));
            long now = System.nanoTime();
            if (log != null && (now - last > 5_000_000_000L || u == units - 1)) {
                last = now;
                double seconds = (now - start) / 1e9, done = (u + 1.0) / units;
                log.printf(Locale.ROOT, "scan layer %d: unit %d/%d | ETA %s%n", layer, u + 1, units,
                        dev.lmkit.train.Progress.duration(seconds / done - seconds));
            }
        }
        return new Scan(layer, intact, effects);
    }
}
