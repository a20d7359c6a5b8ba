package dev.lmkit.spark;

import java.io.Serializable;

/**
 * What the workers of an averaging round send back, summed over them (Spark's treeAggregate adds two at a time): their
 * parameters, updater states and number-objective weights, the NLL and tokens they trained, the largest gradient norm,
 * the number objective's accuracy weighted by windows, and how many workers and windows the sums hold.
 */
record WorkerResult(float[] params, float[] updater, float[] number, double nll, long tokens, double gradientNorm,
                    double numberRight, long windows, int workers) implements Serializable {
    static final WorkerResult NONE = new WorkerResult(null, null, null, 0, 0, 0, 0, 0, 0);

    WorkerResult plus(WorkerResult o) {
        if (o.workers == 0) return this;
        if (workers == 0) return o;
        return new WorkerResult(sum(params, o.params), sum(updater, o.updater), sum(number, o.number), nll + o.nll, tokens + o.tokens,
                Math.max(gradientNorm, o.gradientNorm), numberRight + o.numberRight, windows + o.windows, workers + o.workers);
    }

    /** The mean of the summed {@code values} over the workers (parameter averaging). */
    float[] mean(float[] values) {
        if (values == null) return null;
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) out[i] = values[i] / workers;
        return out;
    }

    private static float[] sum(float[] a, float[] b) {
        if (a == null || b == null) return a == null ? b : a;
        float[] out = a.clone();
        for (int i = 0; i < out.length; i++) out[i] += b[i];
        return out;
    }
}
