package dev.lmkit.cli;

import dev.lmkit.Home;
import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.AgreementGrammar;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.agreement.ModelText;
import dev.lmkit.agreement.SuiteSummary;
import dev.lmkit.agreement.TargetWords;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.sample.Sampler;
import dev.lmkit.train.Trainer;
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
    static final Path CONFIG = Path.of("configs", "quickstart.yaml");
    static final int MAX_ATTRACTORS = 2;

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
        LmConfig config = ConfigLoader.load(Home.resolve(CONFIG), overrides);
        Path dataDir = Path.of(config.data().train()).getParent();
        AgreementGrammar grammar = generate(dataDir, sentences, seed);
        Path run = out != null ? out
                : Path.of("runs", "quickstart-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Corpus corpus = Corpus.load(config.data());
        System.err.printf("quickstart: %d sentences generated in %s, vocabulary %d; training %s%n",
                sentences, dataDir, corpus.vocab().size(), run);
        Trainer.Result result = Trainer.train(config, corpus, new Trainer.Options(run, false, false, System.err));
        ModelBundle best = ModelBundle.load(run);

        List<String> samples = Sampler.sample(best, new Sampler.Options("", 40, 0.8, 0, 1.0, seed, 3), null);
        List<TargetWords.Item> items = new ArrayList<>();
        for (int k = 0; k <= MAX_ATTRACTORS; k++) {
            int i = 0;
            for (AgreementGrammar.Sentence s : grammar.testSentences(k, perCondition, seed + 7)) {
                items.add(new TargetWords.Item(k + "/" + i++, s.words(), s.verb(), s.words().get(s.verb()), s.wrongVerb(),
                        List.of(String.valueOf(k))));
            }
        }
        TargetWords suite = new TargetWords("quickstart-agreement", items, false);
        SortedMap<String, long[]> agreement = SuiteSummary.of(suite, suite.score(new ModelText(best)), false).groups();
        double perplexity = result.test().perplexity();
        if (json) {
            Map<String, Object> acc = new LinkedHashMap<>();
            agreement.forEach((k, c) -> acc.put(k, (double) c[0] / c[1]));
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("perplexity", perplexity);
            o.put("agreement", acc);
            o.put("run", run.toString());
            Output.json(o);
        } else {
            System.out.println("samples:");
            for (String s : samples) System.out.println("  " + s.strip().replace("\n", "\n  "));
            System.out.printf("held-out perplexity: %.3f (valid %.3f)%n", perplexity, result.valid().perplexity());
            System.out.println("subject-verb agreement, P(correct verb) > P(wrong verb) after the prefix:");
            agreement.forEach((k, c) -> System.out.printf("  %s attractor(s): %5.1f%%  (%d/%d)%n", k, 100.0 * c[0] / c[1], c[0], c[1]));
            System.out.println("model: " + run + "  (try: ./lmkit sample --model " + run + " --prime \"the keys to the cabinet\")");
        }
        return 0;
    }

    /** Writes train/valid/test.txt of the synthetic corpus to {@code dir}; the same seed gives the same files. */
    static AgreementGrammar generate(Path dir, int sentences, long seed) {
        AgreementGrammar grammar = CorpusCommand.grammar();
        grammar.writeCorpus(dir.resolve("train.txt"), sentences, seed);
        grammar.writeCorpus(dir.resolve("valid.txt"), Math.max(100, sentences / 20), seed + 1);
        grammar.writeCorpus(dir.resolve("test.txt"), Math.max(100, sentences / 20), seed + 2);
        return grammar;
    }
}
