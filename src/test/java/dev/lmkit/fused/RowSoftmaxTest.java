package dev.lmkit.fused;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import static org.junit.jupiter.api.Assertions.*;

class RowSoftmaxTest {
    private static INDArray logits(int rows, int vocab) {
        Nd4j.getRandom().setSeed(rows + vocab);
        return Nd4j.randn(DataType.FLOAT, rows, vocab).muli(4); // spread enough that exp over- or underflows without the max shift
    }

    @Test
    void theFloatPathRunsOnTheVectorApiInTests() {
        assertInstanceOf(VectorFloatMath.class, FloatMath.BEST, "surefire starts the JVM with --add-modules jdk.incubator.vector");
    }

    @ParameterizedTest(name = "[{0}, 1003]")
    @ValueSource(ints = {1, 37})
    void probabilitiesAreTheSoftmaxOfLogitsPlusBias(int rows) {
        INDArray x = logits(rows, 1003), bias = Nd4j.linspace(-3, 3, 1003, DataType.FLOAT).reshape(1, 1003);
        INDArray expected = Transforms.softmax(x.castTo(DataType.DOUBLE).addRowVector(bias.castTo(DataType.DOUBLE)), true);
        RowSoftmax.probabilities(x, bias);
        assertEquals(0, expected.sub(x.castTo(DataType.DOUBLE)).amaxNumber().doubleValue(), 1e-6);
        assertEquals(rows, x.castTo(DataType.DOUBLE).sumNumber().doubleValue(), 1e-4);
    }

    @Test
    void lossAndGradientMatchTheDoubleNd4jPath() {
        int rows = 64, vocab = 517; // 64·517 elements: split over two cores
        INDArray x = logits(rows, vocab), bias = Nd4j.rand(DataType.FLOAT, 1, vocab);
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) labels[r] = (r * 131) % vocab;
        INDArray xd = x.castTo(DataType.DOUBLE), biasGradD = Nd4j.create(DataType.DOUBLE, 1, vocab);
        double expectedLoss = RowSoftmax.lossAndGradient(xd, bias.castTo(DataType.DOUBLE), labels, biasGradD); // ND4J path

        INDArray biasGrad = Nd4j.create(DataType.FLOAT, 1, vocab);
        double loss = RowSoftmax.lossAndGradient(x, bias, labels, biasGrad);

        assertEquals(expectedLoss, loss, 1e-4 * expectedLoss);
        assertEquals(0, xd.sub(x.castTo(DataType.DOUBLE)).amaxNumber().doubleValue(), 1e-6, "softmax − onehot");
        assertEquals(0, biasGradD.sub(biasGrad.castTo(DataType.DOUBLE)).amaxNumber().doubleValue(), 1e-5, "bias gradient");
        assertEquals(0, x.castTo(DataType.DOUBLE).sumNumber().doubleValue(), 1e-4, "each row of p − onehot sums to zero");
    }

    @Test
    void targetLogProbabilitiesOverPackedWeightsFollowTheDefinition() {
        // 90 rows: blocks of rows and a part-filled one; 1,300 + 3 columns in two parts: ranges of columns and part-filled
        // ones; the logits grow with the column, so each row's running maximum moves up from range to range
        int rows = 90, k = 7, n0 = 1300, n1 = 3;
        java.util.Random random = new java.util.Random(11);
        float[] x = new float[rows * k], w0 = new float[k * n0], w1 = new float[k * n1], bias = new float[n0 + n1];
        for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
        for (int i = 0; i < w0.length; i++) w0[i] = (float) random.nextGaussian();
        for (int i = 0; i < w1.length; i++) w1[i] = (float) random.nextGaussian();
        for (int j = 0; j < bias.length; j++) bias[j] = 12f * j / bias.length;
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) labels[r] = (r * 97) % (n0 + n1);
        labels[0] = n0 + n1 - 1; // a label in the second part
        OrderedProduct[] parts = {new OrderedProduct(Nd4j.createFromArray(w0).reshape('c', k, n0)),
                new OrderedProduct(Nd4j.createFromArray(w1).reshape('c', k, n1))};
        double[] got = RowSoftmax.logProbabilities(x, rows, k, parts, bias, labels);
        for (int r = 0; r < rows; r++) {
            double[] z = new double[n0 + n1];
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < z.length; j++) {
                z[j] = bias[j];
                for (int q = 0; q < k; q++) z[j] += (double) x[r * k + q] * (j < n0 ? w0[q * n0 + j] : w1[q * n1 + j - n0]);
                max = Math.max(max, z[j]);
            }
            for (double v : z) sum += Math.exp(v - max);
            assertEquals(z[labels[r]] - max - Math.log(sum), got[r], 1e-4, "row " + r + ", label " + labels[r]);
        }
    }
}
