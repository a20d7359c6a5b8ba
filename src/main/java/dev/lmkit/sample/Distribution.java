package dev.lmkit.sample;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Temperature, top-k and nucleus (top-p) filtering of one next-token distribution, then a draw. */
final class Distribution {
    private Distribution() {
    }

    static int draw(double[] probs, double temperature, int topK, double topP, SplittableRandom random) {
        int n = probs.length;
        if (temperature <= 0) return argmax(probs);
        if (temperature == 1 && !(topK > 0 && topK < n) && !(topP > 0 && topP < 1)) return drawAsIs(probs, random);
        double[] p = new double[n];
        for (int i = 0; i < n; i++) p[i] = temperature == 1 ? Math.max(probs[i], 0) : Math.pow(Math.max(probs[i], 0), 1.0 / temperature);
        if (topK > 0 && topK < n || topP > 0 && topP < 1) {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) order[i] = i;
            Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
            double total = Arrays.stream(p).sum();
            double cumulative = 0;
            int keep = 0;
            while (keep < n && (topK <= 0 || keep < topK) && (topP <= 0 || topP >= 1 || cumulative < topP * total)) {
                cumulative += p[order[keep++]];
            }
            for (int k = keep; k < n; k++) p[order[k]] = 0;
        }
        double total = 0;
        for (double v : p) total += v;
        double u = random.nextDouble() * total;
        for (int i = 0; i < n; i++) {
            u -= p[i];
            if (u < 0 && p[i] > 0) return i;
        }
        return argmax(p);
    }

    /** The draw below on the distribution as given (each sampled token of a plain {@code sample}), without a copy. */
    private static int drawAsIs(double[] p, SplittableRandom random) {
        double total = 0;
        for (double v : p) total += Math.max(v, 0);
        double u = random.nextDouble() * total;
        for (int i = 0; i < p.length; i++) {
            double v = Math.max(p[i], 0);
            u -= v;
            if (u < 0 && v > 0) return i;
        }
        return argmax(p);
    }

    /** Where a draw lands in the head: the entry {@code at}, with {@code rest} of the draw left inside it. */
    record Landing(int at, double rest) {
    }

    /**
     * The plain draw from a distribution given in two levels, first half: {@code head} holds the words [0, shortlist),
     * then each cluster's share, and one uniform draw walks it. Where it lands in a share, {@link #inCluster} walks that
     * cluster's words (which sum to the share) with what is left of the draw: the token {@link #drawAsIs} reaches over
     * the whole row with the same draw, but for rounding at a boundary, without the other clusters being computed.
     */
    static Landing inHead(double[] head, SplittableRandom random) {
        double total = 0;
        for (double v : head) total += Math.max(v, 0);
        double u = random.nextDouble() * total;
        for (int i = 0; i < head.length; i++) {
            double v = Math.max(head[i], 0);
            if (u - v < 0 && v > 0) return new Landing(i, u);
            u -= v;
        }
        int at = argmax(head);
        return new Landing(at, Math.max(head[at], 0) / 2);
    }

    /** The second half of {@link #inHead}: the word of a cluster (its index there) that what is left of the draw lands on. */
    static int inCluster(double[] words, double rest) {
        int last = -1;
        for (int j = 0; j < words.length; j++) {
            double v = Math.max(words[j], 0);
            rest -= v;
            if (rest < 0 && v > 0) return j;
            if (v > 0) last = j;
        }
        return last >= 0 ? last : argmax(words); // the words' sum fell short of the share by rounding
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
        return best;
    }
}
