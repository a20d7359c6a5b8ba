package dev.lmkit.fused;

import dev.lmkit.LmkitException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

class NumberObjectiveTest {
    private static final int[] TARGETS = {0, 1, -1, 1, 0, -1};

    private static NumberObjective objective() {
        NumberObjective number = new NumberObjective(0.7, 4);
        number.weights().assign(Nd4j.create(new float[]{0.3f, -0.5f, 0.2f, 0.8f}, new long[]{4, 1}, 'c'));
        number.target(TARGETS);
        return number;
    }

    private static INDArray rows() {
        Nd4j.getRandom().setSeed(11);
        return Nd4j.rand(DataType.DOUBLE, 6, 4).subi(0.5).muli(4);
    }

    private static double loss(NumberObjective number, INDArray x) {
        return number.addLossAndGradient(x, Nd4j.zeros(DataType.DOUBLE, x.size(0), x.size(1)));
    }

    @Test
    void theLossIsTheWeightedBinaryCrossEntropyOfTheRowsWithATarget() {
        NumberObjective number = objective();
        INDArray x = rows();
        double expected = 0, right = 0;
        for (int r = 0; r < 6; r++) {
            if (TARGETS[r] < 0) continue;
            double z = x.getRow(r).mul(number.weights().castTo(DataType.DOUBLE).reshape(4)).sumNumber().doubleValue();
            double p = 1 / (1 + Math.exp(-z));
            expected -= 0.7 * (TARGETS[r] == 1 ? Math.log(p) : Math.log(1 - p));
            if ((p >= 0.5) == (TARGETS[r] == 1)) right++;
        }
        assertEquals(expected, loss(number, x), 1e-6 * expected);
        assertEquals(right / 4, number.accuracySinceLastCall(), "the share of the 4 targeted rows predicted right");
        assertTrue(Double.isNaN(number.accuracySinceLastCall()), "nothing counted since the last call");
    }

    @Test
    void itsGradientsMatchCentralDifferencesAndRowsWithoutATargetGetNone() {
        NumberObjective number = objective();
        INDArray x = rows(), dx = Nd4j.ones(DataType.DOUBLE, 6, 4); // the gradient is added to what is there
        number.addLossAndGradient(x, dx);
        INDArray gw = number.weightGradient().dup();
        double eps = 1e-5;
        for (int r = 0; r < 6; r++) {
            for (int j = 0; j < 4; j++) {
                double v = x.getDouble(r, j);
                x.putScalar(r, j, v + eps);
                double up = loss(number, x);
                x.putScalar(r, j, v - eps);
                double down = loss(number, x);
                x.putScalar(r, j, v);
                assertEquals((up - down) / (2 * eps), dx.getDouble(r, j) - 1, 1e-6, "row " + r + ", unit " + j);
                if (TARGETS[r] < 0) assertEquals(1.0, dx.getDouble(r, j), "a row without a target gets no gradient");
            }
        }
        INDArray w = number.weights();
        for (int j = 0; j < 4; j++) { // the weights are floats: a coarser step, a looser bound
            float v = w.getFloat(j);
            w.putScalar(j, v + 1e-2f);
            double up = loss(number, x);
            w.putScalar(j, v - 1e-2f);
            double down = loss(number, x);
            w.putScalar(j, v);
            double numeric = (up - down) / ((double) (v + 1e-2f) - (double) (v - 1e-2f));
            assertEquals(numeric, gw.getDouble(j), 1e-3 * Math.max(1, Math.abs(numeric)), "weight " + j);
        }
    }

    @Test
    void aStepLowersTheLossAndTheWeightsSurviveACheckpoint() {
        NumberObjective number = objective();
        INDArray x = rows();
        double before = loss(number, x);
        number.step(0.1);
        assertTrue(loss(number, x) < before);

        NumberObjective copy = new NumberObjective(0.7, 4);
        copy.read(number.write(), "last.zip");
        assertEquals(number.weights(), copy.weights());
        assertEquals(number.bias(), copy.bias());
        LmkitException e = assertThrows(LmkitException.class, () -> new NumberObjective(0.7, 5).read(number.write(), "last.zip"));
        assertTrue(e.getMessage().contains("last.zip") && e.getMessage().contains("5 units"), e.getMessage());
    }
}
