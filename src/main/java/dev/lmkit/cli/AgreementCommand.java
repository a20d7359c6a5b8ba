package dev.lmkit.cli;

import dev.lmkit.agreement.*;
import dev.lmkit.model.ModelBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "agreement", mixinStandardHelpOptions = true,
        description = "Score agreement suites: BLiMP JSONL, minimal-pair TSV, colorlessgreenRNNs target-word files, SyntaxGym JSON.",
        subcommands = {AgreementCommand.Generate.class, MineCommand.class, CompareCommand.class})
final class AgreementCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    DeterministicOption deterministic;
    @Option(names = "--model", description = "Required: run directory (its best.zip, else last.zip) or a model zip file.")
    Path model;

    @Option(names = "--suite", description = "Required: a suite file or a directory of suite files.")
    Path suite;

    @Option(names = "--format", description = "blimp | tsv | target-word | syntaxgym (default: from the file).")
    String format;

    @Option(names = "--report", description = "Write items.json, summary.md and accuracy.png here.")
    Path report;

    @Option(names = "--exclude-unk", description = "Leave out items with <unk> in a critical position (they are always counted).")
    boolean excludeUnknown;

    @Option(names = "--carry-state", description = "Target-word files: carry the hidden state across sentences, as the original script.")
    boolean carryState;

    @Option(names = "--json", description = "Print {\"suites\": {NAME: {\"accuracy\", \"n\", \"groups\"}}}.")
    boolean json;

    @Override
    public Integer call() {
        if (model == null || suite == null) throw new IllegalArgumentException("agreement needs --model and --suite (or: agreement generate, agreement mine, agreement compare)");
        if (report != null) AgreementReport.checkReplaceable(report); // before minutes of scoring
        ModelBundle bundle = ModelBundle.load(model);
        List<SuiteSummary> summaries = new ArrayList<>();
        long t0 = System.nanoTime();
        for (Suite s : SuiteReader.read(suite, format, carryState)) {
            summaries.add(SuiteSummary.of(s, s.score(bundle), excludeUnknown));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (report != null) AgreementReport.write(summaries, model.toString(), report);
        if (json) {
            Output.json(AgreementReport.json(summaries));
        } else {
            AgreementReport.table(summaries, System.out);
            System.out.printf("%d items in %.1f s%s%n", summaries.stream().mapToLong(s -> s.items().size()).sum(), seconds,
                    report != null ? "; report in " + report : "");
        }
        return 0;
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Write minimal-pair TSV suites from lmkit's grammar (corpora/agreement-grammar.yaml).")
    static final class Generate implements Callable<Integer> {
        @Option(names = "--out", required = true, description = "Directory for the .tsv suites.")
        Path out;

        @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--per-condition", defaultValue = "100", description = "Pairs per condition (default: ${DEFAULT-VALUE}).")
        int perCondition;

        @Override
        public Integer call() {
            for (Path p : SuiteGenerator.write(AgreementGrammar.standard(), out, seed, perCondition)) System.out.println("wrote " + p);
            return 0;
        }
    }
}
