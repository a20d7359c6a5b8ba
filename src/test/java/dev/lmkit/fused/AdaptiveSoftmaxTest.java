package dev.lmkit.fused;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The adaptive softmax against a plain reference computation, finite differences, and the full softmax it becomes without cutoffs. */
class AdaptiveSoftmaxTest {
    private static final AdaptiveSoftmax.Shape SHAPE = new AdaptiveSoftmax.Shape(8, 30, new int[]{6, 15}, 2.0);

    private static INDArray random(long n, long seed, DataType dt) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = r.nextDouble(-0.8, 0.8);
        return Nd4j.createFromArray(v).castTo(dt);
    }

    private static int[] targets(int rows, int vocab, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] t = new int[rows];
        for (int i = 0; i < rows; i++) t[i] = r.nextInt(vocab);
        t[0] = 0;
        t[1] = vocab - 1; // the last word of the last cluster
        return t;
    }

    private static double headWeight(AdaptiveSoftmax.Shape s, AdaptiveSoftmax.Params p, int i, int j) {
        return j < s.shortlist() ? p.shortlistWeights().getDouble(i, j) : p.clusterWeights().getDouble(i, j - s.shortlist());
    }

    /** log p(w | x) written out from the definition, in doubles. */
    private static double reference(AdaptiveSoftmax.Shape s, AdaptiveSoftmax.Params p, double[] x, int w) {
        double[] head = new double[s.headSize()];
        for (int j = 0; j < head.length; j++) {
            head[j] = p.headBias().getDouble(j);
            for (int i = 0; i < x.length; i++) head[j] += x[i] * headWeight(s, p, i, j);
        }
        int c = s.clusterOf(w);
        double lp = logSoftmax(head, c < 0 ? w : s.shortlist() + c);
        if (c < 0) return lp;
        double[] h = new double[s.projected(c)];
        for (int k = 0; k < h.length; k++) for (int i = 0; i < x.length; i++) h[k] += x[i] * p.projections().get(c).getDouble(i, k);
        double[] z = new double[s.size(c)];
        for (int j = 0; j < z.length; j++) for (int k = 0; k < h.length; k++) z[j] += h[k] * p.outputs().get(c).getDouble(k, j);
        return lp + logSoftmax(z, w - s.start(c));
    }

    private static double logSoftmax(double[] z, int at) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (double v : z) max = Math.max(max, v);
        for (double v : z) sum += Math.exp(v - max);
        return z[at] - max - Math.log(sum);
    }

    @Test
    void targetLogProbabilitiesFollowTheDefinitionAndTheRowsSumToOne() {
        INDArray flat = random(SHAPE.numParams(), 1, DataType.DOUBLE);
        AdaptiveSoftmax.Params p = AdaptiveSoftmax.Params.of(SHAPE, flat);
        INDArray x = random(12 * 8, 2, DataType.DOUBLE).reshape(12, 8);
        int[] t = targets(12, 30, 3);
        double[] got = AdaptiveSoftmax.logProbabilities(SHAPE, p, x, t);
        INDArray probs = Nd4j.create(DataType.DOUBLE, 12, 30);
        AdaptiveSoftmax.probabilities(SHAPE, p, x, probs);
        for (int r = 0; r < 12; r++) {
            double expected = reference(SHAPE, p, x.getRow(r).toDoubleVector(), t[r]);
            assertEquals(expected, got[r], 1e-12, "row " + r + ", target " + t[r]);
            assertEquals(1.0, probs.getRow(r).sumNumber().doubleValue(), 1e-12, "row " + r + " is a distribution over the vocabulary");
            assertEquals(Math.exp(expected), probs.getDouble(r, t[r]), 1e-12);
        }
    }

    @Test
    void floatScoringFollowsTheDefinitionRowByRowWhateverTheRowsBesideIt() {
        // more rows than a block of logits holds, in the head and in each cluster; untied, and tied to an embedding's rows
        for (boolean tied : new boolean[]{false, true}) {
            AdaptiveSoftmax.Shape s = new AdaptiveSoftmax.Shape(16, 3000, new int[]{50, 1000}, 2.0, tied);
            INDArray embedding = random(3000L * 16, 6, DataType.FLOAT).reshape(3000, 16);
            AdaptiveSoftmax.Params p = AdaptiveSoftmax.Params.of(s, random(s.numParams(), 7, DataType.FLOAT), tied ? embedding.transpose() : null);
            int rows = 150;
            INDArray x = random(rows * 16L, 8, DataType.FLOAT).reshape(rows, 16);
            int[] t = new int[rows];
            for (int r = 0; r < rows; r++) t[r] = r % 3 == 0 ? r % 50 : r % 3 == 1 ? 50 + 7 * r : 1000 + 13 * r; // 50 rows in each part
            double[] together = AdaptiveSoftmax.logProbabilities(s, p, x, t);
            for (int r = 0; r < rows; r++) {
                double expected = reference(s, p, x.getRow(r).toDoubleVector(), t[r]);
                assertEquals(expected, together[r], 2e-5, (tied ? "tied" : "untied") + ", row " + r + ", target " + t[r]);
                double alone = AdaptiveSoftmax.logProbabilities(s, p, x.getRow(r).reshape(1, 16), new int[]{t[r]})[0];
                assertEquals(together[r], alone, 0.0, "row " + r + " scored alone gives the same bits");
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        INDArray flat = random(SHAPE.numParams(), 4, DataType.DOUBLE);
        INDArray x = random(10 * 8, 5, DataType.DOUBLE).reshape(10, 8);
        int[] t = targets(10, 30, 6);
        INDArray grad = Nd4j.create(DataType.DOUBLE, SHAPE.numParams());
        INDArray dx = Nd4j.create(DataType.DOUBLE, 10, 8);
        double loss = AdaptiveSoftmax.lossAndGradient(SHAPE, AdaptiveSoftmax.Params.of(SHAPE, flat), x, t,
                AdaptiveSoftmax.Params.of(SHAPE, grad), dx);
        assertEquals(-sum(AdaptiveSoftmax.logProbabilities(SHAPE, AdaptiveSoftmax.Params.of(SHAPE, flat), x, t)), loss, 1e-10);
        double eps = 1e-6;
        for (long i = 0; i < flat.length(); i += 7) { // every parameter kind, sampled
            double numeric = difference(flat, i, eps, () -> nll(flat, x, t));
            assertEquals(numeric, grad.getDouble(i), 1e-6 * Math.max(1, Math.abs(numeric)), "parameter " + i);
        }
        INDArray xs = x.reshape(x.length());
        for (long i = 0; i < xs.length(); i++) {
            double numeric = difference(xs, i, eps, () -> nll(flat, xs.reshape(10, 8), t));
            assertEquals(numeric, dx.reshape(dx.length()).getDouble(i), 1e-6 * Math.max(1, Math.abs(numeric)), "input " + i);
        }
    }

    @Test
    void withoutCutoffsItIsTheFullSoftmax() {
        AdaptiveSoftmax.Shape full = new AdaptiveSoftmax.Shape(8, 30, new int[0], 4.0);
        assertEquals(8 * 30 + 30, full.numParams(), "the full softmax's weights and bias");
        INDArray flat = random(full.numParams(), 7, DataType.DOUBLE);
        AdaptiveSoftmax.Params p = AdaptiveSoftmax.Params.of(full, flat);
        INDArray x = random(5 * 8, 8, DataType.DOUBLE).reshape(5, 8);
        INDArray logits = x.mmul(p.shortlistWeights()).addiRowVector(p.headBias());
        INDArray probs = Nd4j.create(DataType.DOUBLE, 5, 30);
        AdaptiveSoftmax.probabilities(full, p, x, probs);
        assertTrue(probs.equalsWithEps(org.nd4j.linalg.ops.transforms.Transforms.softmax(logits, true), 1e-12));
    }

    /** interop/make-adaptive-fixture.py: PyTorch's AdaptiveLogSoftmaxWithLoss with random weights, in float64. */
    @Test
    void givesPyTorchsLogProbabilitiesAndLossForItsWeights() throws Exception {
        java.util.Map<String, java.util.List<double[]>> f = new java.util.HashMap<>();
        String[] shape = null;
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("src/test/resources/torch/adaptive-softmax.txt"))) {
            if (line.startsWith("#")) continue;
            String[] parts = line.split(" ");
            if (parts[0].equals("shape")) {
                shape = parts;
                continue;
            }
            double[] values = new double[parts.length - 1];
            for (int i = 1; i < parts.length; i++) values[i - 1] = Double.parseDouble(parts[i]);
            f.computeIfAbsent(parts[0], k -> new java.util.ArrayList<>()).add(values);
        }
        AdaptiveSoftmax.Shape s = new AdaptiveSoftmax.Shape(Integer.parseInt(shape[1]), Integer.parseInt(shape[2]),
                java.util.Arrays.stream(shape[3].split(",")).mapToInt(Integer::parseInt).toArray(), Double.parseDouble(shape[4]));
        AdaptiveSoftmax.Params p = AdaptiveSoftmax.Params.of(s, Nd4j.createFromArray(f.get("params").get(0)));
        int rows = f.get("input").size();
        INDArray x = Nd4j.createFromArray(f.get("input").toArray(double[][]::new));
        int[] t = java.util.Arrays.stream(f.get("targets").get(0)).mapToInt(v -> (int) v).toArray();
        INDArray probs = Nd4j.create(DataType.DOUBLE, rows, s.vocab());
        AdaptiveSoftmax.probabilities(s, p, x, probs);
        double[] got = AdaptiveSoftmax.logProbabilities(s, p, x, t);
        for (int r = 0; r < rows; r++) {
            double[] torch = f.get("log_prob").get(r);
            for (int w = 0; w < s.vocab(); w++) assertEquals(torch[w], Math.log(probs.getDouble(r, w)), 1e-12, "row " + r + ", word " + w);
            assertEquals(torch[t[r]], got[r], 1e-12, "row " + r + "'s target");
        }
        INDArray grad = Nd4j.create(DataType.DOUBLE, s.numParams());
        double loss = AdaptiveSoftmax.lossAndGradient(s, p, x, t, AdaptiveSoftmax.Params.of(s, grad), Nd4j.create(DataType.DOUBLE, rows, s.nIn()));
        assertEquals(f.get("loss").get(0)[0], loss / rows, 1e-12, "PyTorch's loss is the mean over the rows");
    }

    @Test
    void refusesCutoffsThatDoNotSplitTheVocabulary() {
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveSoftmax.Shape(8, 30, new int[]{15, 6}, 2.0));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveSoftmax.Shape(8, 30, new int[]{6, 30}, 2.0));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveSoftmax.Shape(8, 30, new int[]{6, 15, 20, 25}, 2.0),
                "the fourth cluster would project 8 units to 0");
    }

    private static double nll(INDArray flat, INDArray x, int[] t) {
        return -sum(AdaptiveSoftmax.logProbabilities(SHAPE, AdaptiveSoftmax.Params.of(SHAPE, flat), x, t));
    }

    private static double difference(INDArray v, long i, double eps, java.util.function.DoubleSupplier f) {
        double old = v.getDouble(i);
        v.putScalar(i, old + eps);
        double up = f.getAsDouble();
        v.putScalar(i, old - eps);
        double down = f.getAsDouble();
        v.putScalar(i, old);
        return (up - down) / (2 * eps);
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) s += v;
        return s;
    }
}
