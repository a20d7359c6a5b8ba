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
}
