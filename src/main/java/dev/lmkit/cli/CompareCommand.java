package dev.lmkit.cli;

import dev.lmkit.agreement.Comparison;
import dev.lmkit.agreement.Suite;
import dev.lmkit.agreement.SuiteReader;
import dev.lmkit.model.ModelBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Models side by side on the same suites: accuracy with 95%% Wilson intervals per suite and group, and "
                + "McNemar's test for each pair of models on the same items (exact below 25 discordant items) with its verdict at 5%%.",
                "Items whose critical word is unknown to any model are left out for all, and counted."})
final class CompareCommand implements Callable<Integer> {
    @Mixin
    DeterministicOption deterministic;

    @Option(names = "--model", required = true, description = "A run directory or model zip; give two or more.")
    List<Path> models = new ArrayList<>();

    @Option(names = "--suite", required = true, description = "A suite file or a directory of suite files (as agreement reads them).")
    Path suite;

    @Option(names = "--format", description = "blimp | tsv | target-word | syntaxgym (default: from the file).")
    String format;

    @Option(names = "--carry-state", description = "Target-word files: carry the hidden state across sentences.")
    boolean carryState;

    @Option(names = "--report", description = "Write comparison.md, comparison.json and comparison.png into this new directory.")
    Path report;

    @Option(names = "--json", description = "Print the comparison as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (models.size() < 2) throw new IllegalArgumentException("agreement compare needs two or more --model");
        ReportDirectory.checkNew(report, "compare");
        List<String> names = names(models);
        List<Suite> suites = SuiteReader.read(suite, format, carryState);
        Comparison c = Comparison.score(names, models.size(), m -> ModelBundle.load(models.get(m)), suites);
        ReportDirectory.write(report, dir -> {
            Files.writeString(dir.resolve("comparison.md"), "# " + String.join(" vs ", names) + " on " + suite + "\n\n" + c.markdown());
            Files.writeString(dir.resolve("comparison.json"), dev.lmkit.Json.write(c.toJson()));
            Comparison.chart(c, dir.resolve("comparison.png"));
        });
        if (json) Output.json(c.toJson());
        else System.out.print(c.markdown() + (report != null ? "\nreport in " + report + "\n" : ""));
        return 0;
    }

    /** Each model's run directory or file name; a repeated name gets its position. */
    static List<String> names(List<Path> models) {
        List<String> names = new ArrayList<>();
        for (Path m : models) {
            Path p = m.toAbsolutePath().normalize();
            String name = p.getFileName().toString().matches("(best|last)\\.zip") && p.getParent() != null
                    ? p.getParent().getFileName().toString() : p.getFileName().toString();
            names.add(names.contains(name) ? name + "#" + (names.size() + 1) : name);
        }
        return names;
    }
}
