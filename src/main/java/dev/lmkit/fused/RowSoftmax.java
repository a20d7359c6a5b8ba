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
 * take the ND4J path.
 */
final class RowSoftmax {
    private RowSoftmax() {
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
     * weights packed in {@code parts}. The logits of a few rows at a time go into buffers that stay in cache and each
     * row's normaliser is taken there: no logit matrix is written or read back, which is what scoring a text needs.
     */
    static double[] logProbabilities(float[] x, int rows, int k, OrderedProduct[] parts, float[] bias, int[] labels) {
        int vocab = 0;
        for (OrderedProduct part : parts) vocab += part.n();
        int block = Math.max(5, Math.min(40, BLOCK_VALUES / vocab / 5 * 5));
        double[] out = new double[rows];
        FloatMath math = FloatMath.BEST;
        boolean ordered = Determinism.on();
        Parts.run(rows, (long) rows * vocab * k, (part, from, to) -> {
            float[] a = new float[block * k];
            float[][] logits = new float[parts.length][];
            for (int j = 0; j < parts.length; j++) logits[j] = new float[block * parts[j].n()];
            for (int r0 = from; r0 < to; r0 += block) {
                int m = Math.min(block, to - r0);
                System.arraycopy(x, r0 * k, a, 0, m * k);
                for (int j = 0; j < parts.length; j++) parts[j].apply(a, logits[j], 0, m);
                for (int i = 0; i < m; i++) out[r0 + i] = logProbability(logits, parts, i, bias, labels[r0 + i], math, ordered);
            }
        });
        return out;
    }

    /** Logits a block of rows may hold so that they stay in a core's cache (~256 KB). */
    private static final int BLOCK_VALUES = 65_536;

    /**
     * ln softmax(row + bias)[label] for row i of the parts' logits, read where they stand as one row (part 0's columns,
     * then part 1's, …), which are overwritten. The sum runs in column order when {@code ordered}.
     */
    private static double logProbability(float[][] logits, OrderedProduct[] parts, int i, float[] bias, int label, FloatMath math, boolean ordered) {
        float max = Float.NEGATIVE_INFINITY, labelLogit = 0;
        for (int j = 0, column = 0; j < parts.length; column += parts[j].n(), j++) {
            int n = parts[j].n(), at = i * n;
            float[] z = logits[j];
            if (bias != null) for (int q = 0; q < n; q++) z[at + q] += bias[column + q];
            max = Math.max(max, math.max(z, at, at + n));
            if (label >= column && label < column + n) labelLogit = z[at + label - column];
        }
        double sum = 0;
        for (int j = 0; j < parts.length; j++) {
            int n = parts[j].n(), at = i * n;
            float[] z = logits[j];
            double partSum = math.expShifted(z, at, at + n, max);
            if (ordered) for (int q = at; q < at + n; q++) sum += z[q];
            else sum += partSum;
        }
        return (labelLogit - max) - Math.log(sum);
    }

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
