package dev.lmkit.eval;

/** Summed negative log-likelihood (nats) over {@code tokens} predicted tokens, and what follows from it. */
public record Nll(double sum, long tokens) {
    public static final Nll ZERO = new Nll(0, 0);

    public Nll plus(Nll other) {
        return new Nll(sum + other.sum, tokens + other.tokens);
    }

    public double mean() {
        return tokens == 0 ? Double.NaN : sum / tokens;
    }

    public double perplexity() {
        return Math.exp(mean());
    }

    /** Bits per token: bits per character for character models. */
    public double bits() {
        return mean() / Math.log(2);
    }
}
