package dev.lmkit.spark;

import dev.lmkit.LmkitException;
import dev.lmkit.config.DataConfig;
import dev.lmkit.config.LmConfig;
import dev.lmkit.train.DistributedTraining;

import java.util.List;
import java.util.function.BiPredicate;

/**
 * The settings {@code train --spark} does not carry out, refused before anything is written with one line naming the
 * key: everything else in a config is honoured (the network and corpus are built by the same code as on one machine, the
 * one loop in {@link dev.lmkit.train.Trainer} reads the schedule, budget, patience, validation and NT-ASGD, and the workers
 * train with lmkit's own step). SparkKeysTest holds every key to one of the two.
 */
final class SparkKeys {
    /** {@code key}: as {@code ./lmkit config keys} spells it; {@code applies}: whether a config, with that request, sets it to what is refused. */
    record Refusal(String key, BiPredicate<LmConfig, DistributedTraining.Request> applies, String why) {
    }

    private static boolean sharing(DistributedTraining.Request r) {
        return r.sharing().equals("gradients");
    }

    static final List<Refusal> REFUSED = List.of(
            new Refusal("data.tokenizer", (c, r) -> c.data().tokenizer() == DataConfig.Tokenization.BPE && DataConfig.isUri(c.data().train()),
                    "bpe learns its pieces from the training text on the driver; name a local training file"),
            new Refusal("train.number_loss", (c, r) -> c.train().numberLoss() > 0 && DataConfig.isUri(c.data().train()),
                    "the number targets (data.train_numbers) are lined up with a training text read on the driver; name a local training file"),
            new Refusal("train.number_loss", (c, r) -> c.train().numberLoss() > 0 && sharing(r),
                    "DL4J's gradient sharing trains with DL4J's fit, which has no number objective; use --sharing averaging"),
            new Refusal("train.ar", (c, r) -> c.train().ar() > 0 && sharing(r),
                    "DL4J's gradient sharing trains with DL4J's fit, which has no activation regularization; use --sharing averaging"),
            new Refusal("train.tar", (c, r) -> c.train().tar() > 0 && sharing(r),
                    "DL4J's gradient sharing trains with DL4J's fit, which has no activation regularization; use --sharing averaging"));

    private SparkKeys() {
    }

    /** Throws, naming the first refused setting in {@code config} under {@code request}. */
    static void refuse(LmConfig config, DistributedTraining.Request request) {
        for (Refusal r : REFUSED) {
            if (r.applies().test(config, request)) {
                throw new LmkitException("--spark does not carry out " + r.key() + " as set: " + r.why() + " (unset it for --spark)");
            }
        }
    }
}
