package dev.lmkit.spark;

import dev.lmkit.LmkitException;
import dev.lmkit.model.ArrayCodec;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Block momentum over averaging rounds (Chen &amp; Huo 2016, "BMUF", the Nesterov form): the round's update is the
 * workers' mean minus what they started from, filtered by momentum {@code μ} across rounds; the workers start the next
 * round from the look-ahead {@code W + μΔ}. Averaging alone shrinks K workers' steps to about one worker's step per
 * round; with {@code μ = 1 − 1/K} the filtered update restores most of it. {@code μ = 0} is plain averaging.
 * The filtered update is training state: it is saved in checkpoints ({@code lmkit/block-momentum.bin}) so a resumed run
 * trains exactly as an uninterrupted one.
 */
final class BlockMomentum {
    static final String ENTRY = "lmkit/block-momentum.bin";

    private final double momentum;
    private INDArray delta; // Δ, the filtered update of the last round; null before the first

    BlockMomentum(double momentum) {
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("--block-momentum must be in [0, 1), not " + momentum);
        this.momentum = momentum;
    }

    /** {@code 1 − 1/workers}, Chen &amp; Huo's choice: 0 (plain averaging) for one worker, 0.5 for two. */
    static double forWorkers(int workers) {
        return 1.0 - 1.0 / workers;
    }

    double momentum() {
        return momentum;
    }

    /** What the workers start a round from: the parameters {@code w}, plus {@code μΔ} once there is a Δ. */
    INDArray start(INDArray w) {
        return delta == null || momentum == 0 ? w : w.add(delta.mul(momentum));
    }

    /** Moves {@code w} after a round that started from {@code started} and whose workers' mean is {@code mean}. */
    void apply(INDArray w, INDArray started, INDArray mean) {
        if (momentum == 0) {
            w.assign(mean);
            return;
        }
        INDArray g = mean.sub(started);
        delta = delta == null ? g : delta.muli(momentum).addi(g);
        w.addi(delta);
    }

    /** The checkpoint entry (null when there is nothing to carry): μ, then Δ. */
    byte[] write() {
        if (delta == null || momentum == 0) return null;
        try {
            var bytes = new ByteArrayOutputStream();
            var out = new DataOutputStream(bytes);
            out.writeDouble(momentum);
            ArrayCodec.write(delta, out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The most {@link #write} writes for {@code params} parameters: refuse more before reading it. */
    static long maxBytes(long params) {
        return 8L * params + (1 << 16);
    }

    /** Restores Δ from a checkpoint entry, refusing one written with another momentum or for another network. */
    void restore(byte[] bytes, INDArray w, Path from) {
        String where = from + "!" + ENTRY;
        try (var in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            double saved = in.readDouble();
            if (saved != momentum) {
                throw new LmkitException(from + " was trained with --block-momentum " + saved + ", not " + momentum
                        + ": resume with the block momentum it was trained with");
            }
            delta = ArrayCodec.read(in, w.length(), w.length(), where).reshape(w.shape()).castTo(w.dataType());
        } catch (IOException e) {
            throw new LmkitException("damaged block momentum (not what this network writes): " + where);
        }
    }
}
