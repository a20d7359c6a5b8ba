package dev.lmkit.spark;

import java.io.Serializable;

/**
 * What the driver broadcasts to start an averaging round: the configuration (as YAML, bound on the executors by the same
 * strict binder), the vocabulary size, the parameters, the updater's state (null for plain SGD), the number objective's
 * weights (null without it), the learning rate, and where the round stands: {@code step}, the run's units before the
 * round, and {@code from}, the round's first chunk in the epoch (a chunk's window numbers follow from both).
 */
record RoundStart(String config, int vocab, float[] params, float[] updater, float[] number, double lr, long step, int from,
                  int epoch) implements Serializable {
}
