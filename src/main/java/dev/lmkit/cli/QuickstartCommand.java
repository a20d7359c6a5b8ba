package dev.lmkit.cli;

import dev.lmkit.api.Quickstart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.*;
import java.util.concurrent.Callable;

@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Offline demo: generate the synthetic agreement corpus, train a word LSTM on it, sample, "
                + "and measure perplexity and subject-verb agreement by number of attractors.")
final class QuickstartCommand implements Callable<Integer> {
    @Option(names = "--out", description = "Run directory (default: runs/quickstart-<time>).")
    Path out;

    @Option(names = "--sentences", defaultValue = "40000", description = "Training sentences to generate (default: ${DEFAULT-VALUE}).")
    int sentences;

    @Option(names = "--per-condition", defaultValue = "500", description = "Agreement test items per attractor count (default: ${DEFAULT-VALUE}).")
    int perCondition;

    @Option(names = "--seed", defaultValue = "2014", description = "Seed for the corpus and the test items (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--set", description = "Override a key of configs/quickstart.yaml (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--json", description = "Print {\"perplexity\", \"agreement\", \"run\"} as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        Path run = out != null ? out
                : Path.of("runs", "quickstart-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Quickstart.Result r = Quickstart.run(new Quickstart.Options(run, sentences, perCondition, seed, overrides), System.err);
        if (json) {
            Map<String, Object> acc = new LinkedHashMap<>();
            r.agreement().forEach((k, c) -> acc.put(k, (double) c[0] / c[1]));
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("perplexity", r.perplexity());
            o.put("agreement", acc);
            o.put("run", run.toString());
            Output.json(o);
        } else {
            System.out.println("samples:");
            for (String s : r.samples()) System.out.println("  " + s.strip().replace("\n", "\n  "));
            System.out.printf("held-out perplexity: %.3f (valid %.3f)%n", r.perplexity(), r.validPerplexity());
            System.out.println("subject-verb agreement, P(correct verb) > P(wrong verb) after the prefix:");
            r.agreement().forEach((k, c) -> System.out.printf("  %s attractor(s): %5.1f%%  (%d/%d)%n", k, 100.0 * c[0] / c[1], c[0], c[1]));
            System.out.println("model: " + run + "  (try: ./lmkit sample --model " + run + " --prime \"the keys to the cabinet\")");
        }
        return 0;
    }
}
