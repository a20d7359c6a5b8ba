package dev.lmkit.fused;

import dev.lmkit.LmkitException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteBuffer;

/**
 * The auxiliary number objective ({@code train.number_loss}, Linzen et al. 2016; Enguehard et al. 2017): a logistic
 * regression from the last LSTM layer's output, as the softmax reads it (dropped), to the number of the sentence's
 * next finite verb (singular or plural; tokens without a target add nothing). Its loss is λ · the binary
 * cross-entropy summed over the window's tokens, like the NLL it is added to, and its gradient joins the softmax's
 * gradient on that output. Its units + 1 weights start at zero and take the network's SGD steps, but they are not part
 * of the model: scoring and generation never read them (checkpoints keep them, so that {@code --resume} is exact).
 */
public final class NumberObjective {
    /** The checkpoint entry holding the weights. */
    public static final String ENTRY = "number-objective.bin";

    private final double weight;
    private final INDArray w; // [units, 1]
    private double b;
    private final INDArray gw;
    private double gb;
    private int[] targets; // rows t·batch + b: -1 none, 0 singular, 1 plural
    private long counted, correct;

    public NumberObjective(double weight, int units) {
        this.weight = weight;
        this.w = Nd4j.zeros(DataType.FLOAT, units, 1);
        this.gw = Nd4j.zeros(DataType.FLOAT, units, 1);
    }

    /** The targets of the next backward pass, in the output layer's row order t·batch + b. */
    public void target(int[] rows) {
        this.targets = rows;
    }

    /**
     * Adds λ · d(BCE)/dx to {@code dx} for the time-major input rows {@code x} [rows, units] (both the output layer's),
     * keeps the weights' gradient, and returns the loss.
     */
    double addLossAndGradient(INDArray x, INDArray dx) {
        if (targets == null) throw new IllegalStateException("number targets not set");
        int rows = (int) x.size(0);
        if (targets.length != rows) throw new IllegalStateException(targets.length + " number targets for " + rows + " rows");
        INDArray weights = w.castTo(x.dataType());
        double[] z = x.mmul(weights).data().asDouble();
        double[] c = new double[rows];
        double loss = 0, sum = 0;
        for (int r = 0; r < rows; r++) {
            int y = targets[r];
            if (y < 0) continue;
            double logit = z[r] + b;
            double p = 1 / (1 + Math.exp(-logit));
            loss += weight * (softplus(logit) - y * logit); // −[y log p + (1−y) log(1−p)]
            c[r] = weight * (p - y);
            sum += c[r];
            counted++;
            if ((p >= 0.5) == (y == 1)) correct++;
        }
        INDArray coefficients = Nd4j.create(c, new long[]{rows, 1}, 'c').castTo(x.dataType());
        gw.assign(x.transpose().mmul(coefficients).castTo(DataType.FLOAT)); // into the array kept outside the layer's workspace
        gb = sum;
        dx.addi(coefficients.mmul(weights.transpose()));
        return loss;
    }

    private static double softplus(double v) {
        return v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
    }

    /** The squared norm of the last backward pass's weight gradient (for global clipping). */
    public double gradientSquaredNorm() {
        double n = gw.norm2Number().doubleValue();
        return n * n + gb * gb;
    }

    /** One SGD step: weights −= {@code rate} · gradient. */
    public void step(double rate) {
        w.subi(gw.mul(rate));
        b -= rate * gb;
    }

    /** The share of targeted tokens whose number was predicted right since the last call; NaN if none. */
    public double accuracySinceLastCall() {
        double a = counted == 0 ? Double.NaN : (double) correct / counted;
        counted = 0;
        correct = 0;
        return a;
    }

    /** The last backward pass's gradient of the weights [units, 1]; the bias's is {@link #biasGradient}. */
    INDArray weightGradient() {
        return gw;
    }

    double biasGradient() {
        return gb;
    }

    public INDArray weights() {
        return w;
    }

    public double bias() {
        return b;
    }

    /** The weights then the bias, as floats (a cluster averages them over its workers). */
    public float[] values() {
        float[] out = java.util.Arrays.copyOf(w.data().asFloat(), (int) w.length() + 1);
        out[out.length - 1] = (float) b;
        return out;
    }

    /** Sets what {@link #values} gave. */
    public void setValues(float[] values) {
        if (values.length != w.length() + 1) throw new IllegalArgumentException(values.length + " values for " + w.length() + " units");
        for (int i = 0; i < w.length(); i++) w.putScalar(i, values[i]);
        b = values[values.length - 1];
    }

    public byte[] write() {
        float[] values = w.data().asFloat();
        ByteBuffer out = ByteBuffer.allocate(4 + 8 + 4 * values.length);
        out.putInt(values.length).putDouble(b);
        for (float v : values) out.putFloat(v);
        return out.array();
    }

    /** Restores weights written by {@link #write} (same number of units), naming {@code from} when they do not fit. */
    public void read(byte[] bytes, String from) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int units = bytes.length >= 12 ? in.getInt() : -1;
        if (units != w.size(0) || bytes.length != 12 + 4 * units) {
            throw new LmkitException("the number objective's weights in " + from + " do not fit a last layer of " + w.size(0) + " units");
        }
        b = in.getDouble();
        for (int i = 0; i < units; i++) w.putScalar(i, in.getFloat());
    }
}
