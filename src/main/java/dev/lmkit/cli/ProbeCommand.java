package dev.lmkit.cli;

import dev.lmkit.agreement.SuiteReader;
import dev.lmkit.inspect.Probe;
import dev.lmkit.model.ModelBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "probe", mixinStandardHelpOptions = true,
        description = {"Diagnostic classifiers (Giulianelli et al. 2018): can the subject's number be read from each LSTM layer's "
                + "hidden state h and cell state c at the subject, the first noun between it and the verb, the word before the verb "
                + "and the verb? A logistic probe per layer, state and position is trained on 80%% of the items and tested on the rest "
                + "(an item's nonce variants on the same side), also apart on the items the model gets right and wrong.",
                "Suites: mined by `agreement mine` or written by `agreement generate` (they say where the subject is)."})
final class ProbeCommand implements Callable<Integer> {
    @Mixin
    DeterministicOption deterministic;

    @Mixin
    ModelOption model;

    @Option(names = "--suite", required = true, description = "A suite file or a directory of suite files.")
    Path suite;

    @Option(names = "--seed", description = "Seed of the train/test split (default: 1).")
    long seed = 1;

    @Option(names = "--report", description = "Write probe.md, probe.json and probe.png into this new directory.")
    Path report;

    @Option(names = "--json", description = "Print the results as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ReportDirectory.checkNew(report, "probe");
        Probe p = Probe.run(ModelBundle.load(model.path), SuiteReader.read(suite, null, false), seed);
        ReportDirectory.write(report, dir -> {
            Files.writeString(dir.resolve("probe.md"), "# Probing " + model.path + " on " + suite + "\n\n" + p.markdown());
            Files.writeString(dir.resolve("probe.json"), dev.lmkit.Json.write(p.toJson()));
            p.chart(dir.resolve("probe.png"));
        });
        if (json) Output.json(p.toJson());
        else System.out.print(p.markdown() + (report != null ? "\nreport in " + report + "\n" : ""));
        return 0;
    }
}
