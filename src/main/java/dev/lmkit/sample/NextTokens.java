package dev.lmkit.sample;

import dev.lmkit.fused.AdaptiveSoftmaxOutputLayer;
import dev.lmkit.fused.SingleStep;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.model.NextToken;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Generation's draws: one next token per stream after the context, then after each token drawn, the network's state
 * moving on. A plain draw (temperature 1, nothing filtered) from an adaptive softmax computes the head and only the
 * cluster it lands in ({@link ByCluster}); every other draw reads whole probability rows ({@link FromRows}). Both
 * consume one uniform number per token, so a seed gives the same text either way but for rounding at a boundary.
 */
abstract class NextTokens {
    final MultiLayerNetwork net;
    final SplittableRandom random;

    private NextTokens(MultiLayerNetwork net, SplittableRandom random) {
        this.net = net;
        this.random = random;
    }

    /** The draws for these options: by cluster where they can be, from rows otherwise. */
    static NextTokens of(ModelBundle bundle, Sampler.Options o, SplittableRandom random) {
        MultiLayerNetwork net = bundle.net();
        boolean plain = o.temperature() == 1 && !(o.topK() > 0 && o.topK() < bundle.vocab().size()) && !(o.topP() > 0 && o.topP() < 1);
        SingleStep step = SingleStep.of(net);
        // a character model never prints <unk>: its draws leave it out, which the rows make easy
        if (plain && !bundle.text().charModel() && step != null && net.getOutputLayer() instanceof AdaptiveSoftmaxOutputLayer output) {
            return new ByCluster(net, random, step, output);
        }
        return new FromRows(bundle, o, random);
    }

    /** The first tokens, after the context {@code input} [streams, 1, steps] of ids, read from a clear state. */
    abstract int[] afterContext(INDArray input);

    /** The next tokens after stream b read {@code ids[b]}. */
    abstract int[] after(int[] ids);

    /** Temperature, top-k and top-p over each stream's whole probability row ({@link Distribution#draw}). */
    static final class FromRows extends NextTokens {
        private final Sampler.Options o;
        private final int unk;
        private final double[] p;
        private final Function<int[], INDArray> step;

        FromRows(ModelBundle bundle, Sampler.Options o, SplittableRandom random) {
            super(bundle.net(), random);
            this.o = o;
            this.unk = bundle.text().charModel() ? bundle.vocab().unkId() : -1; // a character model's <unk> is no character to print
            this.p = new double[bundle.vocab().size()];
            this.step = NextToken.steps(net);
        }

        @Override
        int[] afterContext(INDArray input) {
            int streams = (int) input.size(0);
            return draw(NextToken.probabilities(net, input), (input.size(2) - 1) * streams, streams); // rows are t·streams + b
        }

        @Override
        int[] after(int[] ids) {
            return draw(step.apply(ids), 0, ids.length);
        }

        private int[] draw(INDArray probs, long firstRow, int streams) {
            int[] next = new int[streams];
            for (int b = 0; b < streams; b++) {
                row(probs, firstRow + b, p);
                if (unk >= 0) p[unk] = 0;
                next[b] = Distribution.draw(p, o.temperature(), o.topK(), o.topP(), random);
            }
            return next;
        }
    }

    /** An adaptive softmax's plain draw: the head's row, then only the drawn cluster's words ({@link Distribution#inHead}). */
    static final class ByCluster extends NextTokens {
        private final SingleStep step;
        private final AdaptiveSoftmaxOutputLayer output;
        private final int[] starts;
        private final double[] head;

        ByCluster(MultiLayerNetwork net, SplittableRandom random, SingleStep step, AdaptiveSoftmaxOutputLayer output) {
            super(net, random);
            this.step = step;
            this.output = output;
            var shape = output.shape();
            starts = new int[shape.clusters()];
            for (int c = 0; c < starts.length; c++) starts[c] = shape.start(c);
            head = new double[shape.headSize()];
        }

        @Override
        int[] afterContext(INDArray input) {
            INDArray below = NextToken.belowOutput(net, input); // [streams, nIn, steps]
            return draw(below.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(below.size(2) - 1)).dup('c'));
        }

        @Override
        int[] after(int[] ids) {
            return step.step(ids, this::draw);
        }

        /** Each stream's draw lands in the head first; then each cluster drawn is computed once, for the streams in it. */
        private int[] draw(INDArray x) {
            INDArray heads = output.headProbabilities(x);
            int streams = (int) x.size(0), shortlist = output.shape().shortlist();
            int[] next = new int[streams];
            Distribution.Landing[] landings = new Distribution.Landing[streams];
            for (int b = 0; b < streams; b++) {
                row(heads, b, head);
                landings[b] = Distribution.inHead(head, random);
                next[b] = landings[b].at();
            }
            for (int c = 0; c < starts.length; c++) {
                int cluster = shortlist + c;
                int[] members = IntStream.range(0, streams).filter(b -> landings[b].at() == cluster).toArray();
                if (members.length == 0) continue;
                INDArray words = output.clusterProbabilities(x, heads, members, c);
                double[] p = new double[(int) words.size(1)];
                for (int k = 0; k < members.length; k++) {
                    row(words, k, p);
                    next[members[k]] = starts[c] + Distribution.inCluster(p, landings[members[k]].rest());
                }
            }
            return next;
        }
    }

    /**
     * Row {@code r} of a [rows, n] matrix into {@code out}: a float matrix with contiguous rows is read straight from its
     * buffer (ND4J's getRow + toDoubleVector costs a tenth of a PTB model's whole step).
     */
    static void row(INDArray m, long r, double[] out) {
        if (m.dataType() != DataType.FLOAT || m.stride(0) != out.length || m.stride(1) != 1) {
            System.arraycopy(m.getRow(r).toDoubleVector(), 0, out, 0, out.length);
            return;
        }
        FloatBuffer data = m.data().asNioFloat();
        int start = (int) (m.offset() + r * out.length);
        for (int i = 0; i < out.length; i++) out[i] = data.get(start + i);
    }
}
