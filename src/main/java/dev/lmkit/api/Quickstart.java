package dev.lmkit.api;

import dev.lmkit.Home;
import dev.lmkit.agreement.AgreementGrammar;
import dev.lmkit.agreement.SuiteSummary;
import dev.lmkit.agreement.TargetWords;
import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.sample.Sampler;
import dev.lmkit.train.Trainer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.*;

/**
 * The offline demo behind {@code ./lmkit quickstart}: writes the synthetic agreement corpus, trains the
 * word LSTM of {@code configs/quickstart.yaml} on it, draws samples, and scores subject–verb agreement on
 * fresh test sentences by number of attractors (P(correct verb | prefix) > P(wrong verb | prefix)).
 */
public final class Quickstart {
    public static final Path CONFIG = Path.of("configs", "quickstart.yaml");
    public static final int MAX_ATTRACTORS = 2;

    public record Options(Path run, int sentences, int perCondition, long seed, List<String> overrides) {
    }

    /** {@code agreement} maps the number of attractors ("0", "1", "2") to {correct, n}. */
    public record Result(Path run, double perplexity, double validPerplexity, List<String> samples,
                         SortedMap<String, long[]> agreement) {
        public double accuracy(int attractors) {
            long[] c = agreement.get(String.valueOf(attractors));
            return (double) c[0] / c[1];
        }
    }

    private Quickstart() {
    }

    /** Runs the whole demo; progress lines go to {@code log}. */
    public static Result run(Options o, PrintStream log) {
        LmConfig config = ConfigLoader.load(Home.resolve(CONFIG), o.overrides());
        Path dataDir = Path.of(config.data().train()).getParent();
        AgreementGrammar grammar = AgreementGrammar.standard();
        grammar.writeSplits(dataDir, o.sentences(), o.seed());
        Corpus corpus = Corpus.load(config.data());
        log.printf("quickstart: %d sentences generated in %s, vocabulary %d; training %s%n",
                o.sentences(), dataDir, corpus.vocab().size(), o.run());
        Trainer.Result trained = Trainer.train(config, corpus, new Trainer.Options(o.run(), false, false, log));
        ModelBundle best = ModelBundle.load(o.run());
        List<String> samples = Sampler.sample(best, new Sampler.Options("", 40, 0.8, 0, 1.0, o.seed(), 3), null);
        TargetWords suite = agreementSuite(grammar, o.perCondition(), o.seed());
        SortedMap<String, long[]> agreement = SuiteSummary.of(suite, suite.score(best), false).groups();
        return new Result(o.run(), trained.test().perplexity(), trained.valid().perplexity(), samples, agreement);
    }

    /** {@code perCondition} test sentences for each number of attractors, grouped by that number. */
    static TargetWords agreementSuite(AgreementGrammar grammar, int perCondition, long seed) {
        List<TargetWords.Item> items = new ArrayList<>();
        for (int k = 0; k <= MAX_ATTRACTORS; k++) {
            int i = 0;
            for (AgreementGrammar.Sentence s : grammar.testSentences(k, perCondition, seed + 7)) {
                items.add(new TargetWords.Item(k + "/" + i++, s.words(), s.verb(), s.words().get(s.verb()), s.wrongVerb(),
                        List.of(String.valueOf(k))));
            }
        }
        return new TargetWords("quickstart-agreement", items, false);
    }
}
