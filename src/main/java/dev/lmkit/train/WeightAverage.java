package dev.lmkit.train;

import dev.lmkit.model.ArrayCodec;

import dev.lmkit.LmkitException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.*;
import java.util.List;
import java.util.function.Supplier;

/**
 * NT-ASGD (Merity et al. 2018): plain SGD until the validation perplexity stops improving — worse than
 * the best of all epochs but the last {@code nonmono} — then the same SGD steps while keeping the running
 * mean of the weights after each one; validation, {@code best.zip} and the final evaluation use the mean.
 * Checkpoints ({@code last.zip}) keep the raw weights and the mean with its count, so resuming is exact.
 */
final class WeightAverage {
    static final String ENTRY = "lmkit/weight-average.bin";

    private final INDArray mean;
    private long count;

    private WeightAverage(INDArray mean, long count) {
        this.mean = mean;
        this.count = count;
    }

    /** Averaging that starts with the next step. */
    static WeightAverage starting(INDArray params) {
        return new WeightAverage(params.dup(), 0);
    }

    /** The non-monotonic trigger: {@code now} is worse than the best of the epochs before the last {@code nonmono}. */
    static boolean triggered(List<Double> earlierEpochs, double now, int nonmono) {
        if (earlierEpochs.size() <= nonmono) return false;
        double best = Double.POSITIVE_INFINITY;
        for (double ppl : earlierEpochs.subList(0, earlierEpochs.size() - nonmono)) best = Math.min(best, ppl);
        return now > best;
    }

    /** mean ← mean + (params − mean) / n after the n-th step. */
    void add(INDArray params) {
        count++;
        mean.muli(1 - 1.0 / count);
        Nd4j.getBlasWrapper().level1().axpy(params.length(), 1.0 / count, params, mean);
    }

    long count() {
        return count;
    }

    /** Runs {@code work} with the mean in the network's weights, then puts the raw weights back. */
    <T> T in(MultiLayerNetwork net, Supplier<T> work) {
        if (count == 0) return work.get();
        INDArray raw = net.params().dup();
        net.params().assign(mean);
        try {
            return work.get();
        } finally {
            net.params().assign(raw);
        }
    }

    byte[] write() {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeLong(count);
            ArrayCodec.write(mean, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The average a checkpoint holds, of exactly {@code params} weights. */
    static WeightAverage read(byte[] data, String where, long params) {
        try (var in = new DataInputStream(new ByteArrayInputStream(data))) {
            long count = in.readLong();
            if (count < 0) throw new LmkitException("damaged averaged weights (count " + count + ") in " + where);
            return new WeightAverage(ArrayCodec.read(in, params, params, where + "!" + ENTRY), count);
        } catch (IOException | RuntimeException e) {
            throw new LmkitException("cannot read the averaged weights in " + where + ": " + e.getMessage());
        }
    }
}
