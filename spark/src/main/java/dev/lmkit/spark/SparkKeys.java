package dev.lmkit.spark;

import dev.lmkit.LmkitException;
import dev.lmkit.config.LmConfig;
import dev.lmkit.config.TrainConfig;

import java.util.List;
import java.util.function.Predicate;

/**
 * The settings {@code train --spark} does not carry out, refused before anything is written with one line naming the
 * key: everything else in a config is honoured (the network and corpus are built by the same code as on one machine,
 * the loop in {@link SparkTraining} reads the schedule, budget, patience and epoch cut, and {@link WorkerStep} clips
 * and resets on the workers). SparkKeysTest holds every key to one of the two.
 */
final class SparkKeys {
    /** {@code key}: as {@code ./lmkit config keys} spells it; {@code applies}: whether a config sets it to what is refused. */
    record Refusal(String key, Predicate<LmConfig> applies, String why) {
    }

    static final List<Refusal> REFUSED = List.of(
            new Refusal("train.optimizer", c -> c.train().optimizer() == TrainConfig.Optimizer.NTASGD,
                    "ntasgd averages the weights over steps on one machine; under --spark use sgd (with its schedule) or adam"),
            new Refusal("train.number_loss", c -> c.train().numberLoss() > 0,
                    "the number objective's head and its targets train beside the network on one machine only"),
            new Refusal("train.ar", c -> c.train().ar() > 0, "activation regularization is set up by the one-machine training step only"),
            new Refusal("train.tar", c -> c.train().tar() > 0, "temporal activation regularization is set up by the one-machine training step only"),
            new Refusal("train.eval_every", c -> c.train().evalEvery() > 0, "--spark validates at the end of each epoch only"));

    private SparkKeys() {
    }

    /** Throws, naming the first refused setting in {@code config}. */
    static void refuse(LmConfig config) {
        for (Refusal r : REFUSED) {
            if (r.applies().test(config)) throw new LmkitException("--spark does not carry out " + r.key() + " as set: " + r.why() + " (unset it for --spark)");
        }
    }
}
