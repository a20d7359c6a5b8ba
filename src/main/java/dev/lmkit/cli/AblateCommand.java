package dev.lmkit.cli;

import dev.lmkit.agreement.Suite;
import dev.lmkit.agreement.SuiteReader;
import dev.lmkit.inspect.Ablation;
import dev.lmkit.model.ModelBundle;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "ablate", mixinStandardHelpOptions = true,
        description = {"Which units carry agreement (Lakretz et al. 2019): accuracy over the suites with LSTM units silenced "
                + "(their output h held at zero at every step while the model reads; the model file is unchanged).",
                "--units scores once with the given units silenced; --scan L silences each unit of layer L alone and prints one "
                        + "TSV row per unit, largest drop first, with the drop by attractor count."})
final class AblateCommand implements Callable<Integer> {
    @Mixin
    DeterministicOption deterministic;

    @Mixin
    ModelOption model;

    @Option(names = "--suite", required = true, description = "A suite file or a directory of suite files (as agreement reads them).")
    Path suite;

    @Option(names = "--format", description = "blimp | tsv | target-word | syntaxgym (default: from the file).")
    String format;

    @ArgGroup(multiplicity = "1")
    What what;

    static final class What {
        @Option(names = "--units", description = "Units to silence: layer:unit pairs, layers from 1 and units from 0, e.g. 2:126,2:338.")
        String units;

        @Option(names = "--scan", description = "Silence each unit of this layer (from 1) alone.")
        Integer scan;
    }

    @Option(names = "--report", description = "With --scan: write scan.tsv and scan.png (the intact model and the --top largest drops) into this new directory.")
    Path report;

    @Option(names = "--top", defaultValue = "20", description = "Units in scan.png (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--json", description = "Print the results as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (report != null && what.scan == null) throw new IllegalArgumentException("--report goes with --scan");
        if (top < 1) throw new IllegalArgumentException("--top must be at least 1, not " + top);
        ReportDirectory.checkNew(report, "ablate");
        List<Ablation.Unit> units = what.units == null ? null : Ablation.Unit.parse(what.units);
        ModelBundle bundle = Ablation.readable(ModelBundle.load(model.path)); // intact and ablated passes share a stock-layer model's twin
        List<Suite> suites = SuiteReader.read(suite, format, false);
        if (units != null) {
            Ablation.Accuracy intact = Ablation.accuracy(bundle, suites, List.of()), silenced = Ablation.accuracy(bundle, suites, units);
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("units", units.stream().map(Ablation.Unit::toString).toList());
                o.put("intact", json(intact));
                o.put("ablated", json(silenced));
                Output.json(o);
            } else {
                System.out.printf(Locale.ROOT, "group\tintact\tablated (%s)\tdrop%n", what.units);
                System.out.printf(Locale.ROOT, "all (n=%d)\t%.4f\t%.4f\t%.4f%n", intact.n(), intact.value(), silenced.value(), intact.value() - silenced.value());
                for (String g : intact.groups().keySet()) {
                    System.out.printf(Locale.ROOT, "%s (n=%d)\t%.4f\t%.4f\t%.4f%n", g, intact.groups().get(g)[1], intact.group(g), silenced.group(g),
                            intact.group(g) - silenced.group(g));
                }
            }
            return 0;
        }
        Ablation.Scan scan = Ablation.scan(bundle, suites, what.scan, System.err);
        ReportDirectory.write(report, dir -> {
            Files.writeString(dir.resolve("scan.tsv"), scan.tsv());
            scan.chart(dir.resolve("scan.png"), top);
        });
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("layer", scan.layer());
            o.put("intact", json(scan.intact()));
            o.put("units", scan.ranked().stream().map(e -> {
                Map<String, Object> u = json(e.accuracy());
                u.put("unit", e.unit().toString());
                u.put("drop", e.drop());
                return u;
            }).toList());
            Output.json(o);
        } else {
            System.out.print(scan.tsv());
        }
        return 0;
    }

    private static Map<String, Object> json(Ablation.Accuracy a) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("accuracy", a.value());
        o.put("n", a.n());
        Map<String, Object> groups = new LinkedHashMap<>();
        a.groups().forEach((g, c) -> groups.put(g, Map.of("accuracy", a.group(g), "n", c[1])));
        o.put("groups", groups);
        return o;
    }
}
