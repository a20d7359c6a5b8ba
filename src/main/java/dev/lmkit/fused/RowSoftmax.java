package dev.lmkit.fused;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.nio.FloatBuffer;

/**
 * Softmax over the rows of a [rows, vocabulary] logit matrix in place, bias added first, and for
 * training the loss and gradient too: each row is read once into a Java array, gets its bias, max,
 * exp and normalisation there ({@link FloatMath}), and for a labelled row −log p(label) is summed,
 * the label's entry becomes p − 1 (d loss / d logits = softmax − onehot) and the row is added to
 * the bias gradient; then it is written back. Rows are split over the workers. It is one pass over the matrix
 * where ND4J's bias add, softmax and bias-gradient product are three or four. Double arrays (gradient checks)
 * take the ND4J path. Scoring targets needs no probability row at all: {@link #logProbabilities(float[], int, int,
 * OrderedProduct[], float[], int[])} forms the logits from packed weights and keeps only each row's normaliser.
 */
final class RowSoftmax {
    private RowSoftmax() {
    }

    /** Refuses a target outside [0, vocab): its row would read another word's logit, or past the weights. */
    static void requireTargets(int[] targets, int vocab) {
        for (int t : targets) if (t < 0 || t >= vocab) throw new IllegalArgumentException("target " + t + " outside the vocabulary of " + vocab + " words");
    }

    /** logits ← softmax(logits + bias) row by row. */
    static void probabilities(INDArray logits, INDArray bias) {
        apply(logits, bias, null, null);
    }

    /**
     * logits ← softmax(logits + bias) − onehot(labels) and biasGradient ← its column sums;
     * returns Σ −log p(label). {@code labels[r]} is the target of row r.
     */
    static double lossAndGradient(INDArray logits, INDArray bias, int[] labels, INDArray biasGradient) {
        return apply(logits, bias, labels, biasGradient);
    }

    /**
     * ln softmax(logits + bias)[labels[r]] for each row r, bias null for none; {@code logits} is left as it was. For
     * double arrays (gradient checks): float networks score through the packed products below.
     */
    static double[] logProbabilities(INDArray logits, INDArray bias, int[] labels) {
        int rows = (int) logits.size(0), vocab = (int) logits.size(1);
        double[] out = new double[rows];
        INDArray p = logits.dup();
        probabilities(p, bias == null ? Nd4j.zeros(logits.dataType(), vocab) : bias);
        for (int r = 0; r < rows; r++) out[r] = Math.log(p.getDouble(r, labels[r]));
        return out;
    }

    /**
     * ln softmax(x·[w₀ | w₁ | …] + bias)[labels[r]] for each row r of x (row-major [rows, k]), bias null for none, the
     * weights packed in {@code parts}. No logit matrix is written or read back, which at a large vocabulary is most of
     * the memory traffic of scoring: the logits are formed a block of rows by a range of columns at a time (the range's
     * packed weights stay in cache while every row passes) and each row keeps a running maximum and a sum of exps
     * rescaled as the maximum grows. The ranges are fixed ({@link #COLUMNS}), so a row's result never depends on the
     * rows beside it; under --deterministic each range's exps sum in column order.
     */
    static double[] logProbabilities(float[] x, int rows, int k, OrderedProduct[] parts, float[] bias, int[] labels) {
        long vocab = 0;
        for (OrderedProduct part : parts) vocab += part.n();
        double[] out = new double[rows];
        FloatMath math = FloatMath.BEST;
        boolean ordered = Determinism.on();
        Parts.run(rows, rows * vocab * k, (part, from, to) -> {
            float[] logits = new float[ROWS * COLUMNS], max = new float[to - from], label = new float[to - from];
            double[] sum = new double[to - from];
            java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
            int offset = 0; // of the part's columns in the row
            for (OrderedProduct product : parts) {
                for (int c0 = 0; c0 < product.n(); c0 += COLUMNS) {
                    int c1 = Math.min(product.n(), c0 + COLUMNS), width = c1 - c0, first = offset + c0;
                    for (int r0 = from; r0 < to; r0 += ROWS) {
                        int r1 = Math.min(to, r0 + ROWS);
                        product.apply(x, logits, r0, r1, c0, c1);
                        for (int r = r0; r < r1; r++) {
                            int i = r - from, at = (r - r0) * width;
                            if (labels[r] >= first && labels[r] < first + width) {
                                label[i] = logits[at + labels[r] - first] + (bias == null ? 0 : bias[labels[r]]); // as fold adds it
                            }
                            fold(logits, at, width, bias, first, max, sum, i, math, ordered);
                        }
                    }
                }
                offset += product.n();
            }
            for (int r = from; r < to; r++) out[r] = (label[r - from] - max[r - from]) - Math.log(sum[r - from]);
        });
        return out;
    }

    /** Folds one row's logits at [at, at + width) (columns from {@code first}) into its running maximum and sum of exps, max[i] and sum[i]. */
    private static void fold(float[] logits, int at, int width, float[] bias, int first, float[] max, double[] sum, int i, FloatMath math, boolean ordered) {
        if (bias != null) for (int q = 0; q < width; q++) logits[at + q] += bias[first + q];
        float m = Math.max(max[i], math.max(logits, at, at + width));
        double range = math.expShifted(logits, at, at + width, m);
        if (ordered) {
            range = 0;
            for (int q = at; q < at + width; q++) range += logits[q];
        }
        sum[i] = (m == max[i] ? sum[i] : sum[i] * StrictMath.exp((double) max[i] - m)) + range;
        max[i] = m;
    }

    /** The rows and columns of logits formed at once: 80 KB, and the columns' packed weights (~400 KB at 200 inputs) stay in a core's cache. */
    private static final int ROWS = 40, COLUMNS = 8 * FloatMath.COLUMN_STEP;

    private static double apply(INDArray logits, INDArray bias, int[] labels, INDArray biasGradient) {
        if (logits.dataType() != DataType.FLOAT || logits.ordering() != 'c' || logits.isView() && logits.offset() != 0) {
            return withNd4j(logits, bias, labels, biasGradient);
        }
        int rows = (int) logits.size(0), vocab = (int) logits.size(1);
        FloatBuffer data = Buffers.floats(logits);
        float[] b = bias.toFloatVector();
        double[] loss = new double[Parts.WORKERS];
        float[][] columnSums = new float[Parts.WORKERS][labels == null ? 0 : vocab];
        FloatMath math = FloatMath.BEST;
        boolean ordered = Determinism.on() && labels == null;
        Parts.run(rows, (long) rows * vocab, (part, from, to) -> {
            float[] row = new float[vocab], sums = columnSums[part];
            for (int r = from; r < to; r++) {
                data.get(r * vocab, row, 0, vocab);
                for (int i = 0; i < vocab; i++) row[i] += b[i];
                float max = math.max(row, vocab);
                float labelShifted = labels == null ? 0 : row[labels[r]] - max;
                double sum = math.expShifted(row, vocab, max);
                if (ordered) sum = FloatMath.sum(row, vocab);
                math.scale(row, vocab, (float) (1 / sum));
                if (labels != null) {
                    loss[part] += Math.log(sum) - labelShifted;
                    row[labels[r]] -= 1;
                    for (int i = 0; i < vocab; i++) sums[i] += row[i];
                }
                data.put(r * vocab, row, 0, vocab);
            }
        });
        if (biasGradient != null) {
            float[] total = columnSums[0].clone();
            for (int p = 1; p < columnSums.length; p++) for (int i = 0; i < vocab; i++) total[i] += columnSums[p][i];
            biasGradient.assign(Nd4j.createFromArray(total).reshape(biasGradient.shape()));
        }
        double total = 0;
        for (double l : loss) total += l;
        return total;
    }

    private static double withNd4j(INDArray logits, INDArray bias, int[] labels, INDArray biasGradient) {
        logits.addiRowVector(bias);
        Parts.rows(logits, block -> Transforms.softmax(block, false));
        if (labels == null) return 0;
        double loss = 0;
        for (int r = 0; r < labels.length; r++) {
            double p = logits.getDouble(r, labels[r]);
            loss -= Math.log(Math.max(p, 1e-30));
            logits.putScalar(r, labels[r], p - 1);
        }
        biasGradient.assign(logits.sum(0).reshape(biasGradient.shape()));
        return loss;
    }
}
