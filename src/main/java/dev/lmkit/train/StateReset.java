package dev.lmkit.train;

import java.util.SplittableRandom;

/**
 * Starts a training window from a zero state instead of the carried one, with probability
 * {@code train.state_reset}. Sentences are scored from a zero state (agreement suites, {@code score}),
 * but with the state always carried a model sees a zero state only at the start of an epoch. Trained
 * so, the fused LSTM's quickstart model fell to 97.4% / 92.4% agreement with 1 / 2 attractors from a
 * fresh state while scoring 100% after one warm-up sentence; with 10% of windows reset it scored
 * 100% / 100% at the same perplexity (docs/speed.md, "Zero-state windows and the forget-gate bias").
 */
public final class StateReset {
    private final double probability;
    private final long seed;

    public StateReset(double probability, long seed) {
        if (probability < 0 || probability > 1) throw new IllegalArgumentException("state_reset must be in [0, 1]");
        this.probability = probability;
        this.seed = seed;
    }

    public static StateReset never() {
        return new StateReset(0, 0);
    }

    /** Whether the window after training step {@code step} starts from a zero state; a function of the step, so a resumed run decides as an uninterrupted one. */
    public boolean after(long step) {
        return probability > 0 && new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step).nextDouble() < probability;
    }
}
