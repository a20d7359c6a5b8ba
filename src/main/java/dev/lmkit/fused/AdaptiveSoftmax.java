package dev.lmkit.fused;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Grave et al. (2017)'s adaptive softmax, laid out as PyTorch's {@code AdaptiveLogSoftmaxWithLoss} (with
 * {@code head_bias=True}): ids are in frequency order; the head scores the {@code cutoffs[0]} most frequent words and
 * one logit per tail cluster; cluster i holds ids [cutoffs[i], cutoffs[i+1]) (the last ends at the vocabulary size)
 * and scores them through a projection to {@code nIn / div^(i+1)} units, without biases. log p(w) is the head's
 * log-probability of w, or of w's cluster plus the cluster's log-probability of w: exact and normalised over the
 * whole vocabulary. Training and target scoring compute a cluster only for the rows whose target is in it, which at
 * WikiText-2's vocabulary is most of the saving.
 */
public final class AdaptiveSoftmax {
    /**
     * The sizes: {@code cutoffs} strictly increasing, above 0 and below {@code vocab} (none: the head is the full softmax); {@code div} > 0;
     * {@code tied}: the shortlist's weights are the embedding's rows, not parameters of the softmax.
     */
    public record Shape(int nIn, int vocab, int[] cutoffs, double div, boolean tied) {
        public Shape(int nIn, int vocab, int[] cutoffs, double div) {
            this(nIn, vocab, cutoffs, div, false);
        }

        public Shape {
            cutoffs = cutoffs.clone();
            for (int i = 0; i < cutoffs.length; i++) {
                if (cutoffs[i] <= (i == 0 ? 0 : cutoffs[i - 1]) || cutoffs[i] >= vocab) {
                    throw new IllegalArgumentException("cutoffs must increase strictly between 0 and the vocabulary size " + vocab
                            + ", not " + Arrays.toString(cutoffs));
                }
            }
            if (!(div > 0)) throw new IllegalArgumentException("the tail projection divisor must be positive, not " + div);
            for (int i = 0; i < cutoffs.length; i++) {
                if ((int) (nIn / Math.pow(div, i + 1)) < 1) {
                    throw new IllegalArgumentException("cluster " + (i + 1) + " would project " + nIn + " units to none (divisor " + div + ")");
                }
            }
        }

        public int clusters() {
            return cutoffs.length;
        }

        /** Words the head scores itself. */
        public int shortlist() {
            return cutoffs.length == 0 ? vocab : cutoffs[0];
        }

        /** Head outputs: the shortlist and one per cluster. */
        public int headSize() {
            return shortlist() + cutoffs.length;
        }

        /** PyTorch's {@code int(in_features // (div_value ** (i + 1)))}. */
        public int projected(int cluster) {
            return (int) Math.floor(nIn / Math.pow(div, cluster + 1));
        }

        public int start(int cluster) {
            return cutoffs[cluster];
        }

        public int size(int cluster) {
            return (cluster + 1 < cutoffs.length ? cutoffs[cluster + 1] : vocab) - cutoffs[cluster];
        }

        /** The cluster of {@code id}, or -1 for a shortlist word. */
        public int clusterOf(int id) {
            int c = -1;
            while (c + 1 < cutoffs.length && id >= cutoffs[c + 1]) c++;
            return c;
        }

        /** The softmax's own parameters: with {@code tied}, the shortlist's weights are counted in the embedding. */
        public long numParams() {
            long n = (long) nIn * (tied ? cutoffs.length : headSize()) + headSize();
            for (int i = 0; i < clusters(); i++) n += (long) projected(i) * (nIn + size(i));
            return n;
        }
    }

    /**
     * Views into a flat vector of {@link Shape#numParams} values, in this order: head weights [nIn, head] and bias
     * [head], then per cluster its projection [nIn, projected] and output weights [projected, size], each row-major.
     * The head's weights are seen as the shortlist's columns and the clusters' columns; tied, the shortlist's columns
     * are the embedding's rows (a view given separately) and the flat vector holds only the clusters' [nIn, clusters]
     * (null without clusters).
     */
    public record Params(INDArray shortlistWeights, INDArray clusterWeights, INDArray headBias, List<INDArray> projections, List<INDArray> outputs) {
        /** Untied: every weight in {@code flat}. */
        public static Params of(Shape s, INDArray flat) {
            return of(s, flat, null);
        }

        /** {@code embeddingT}: the embedding matrix transposed [nIn, vocab] (a view of the network's vector); null untied (or tied, for the softmax's own views only). */
        public static Params of(Shape s, INDArray flat, INDArray embeddingT) {
            if (flat.length() != s.numParams()) throw new IllegalArgumentException(flat.length() + " values for " + s.numParams() + " parameters");
            if (!s.tied() && embeddingT != null) throw new IllegalArgumentException("untied weights take no embedding");
            INDArray v = flat.reshape(flat.length());
            long at = 0;
            INDArray shortlist, clusters;
            if (s.tied()) {
                shortlist = embeddingT == null ? null : embeddingT.get(all(), interval(0, s.shortlist()));
                clusters = s.clusters() == 0 ? null : v.get(interval(at, at += (long) s.nIn() * s.clusters())).reshape('c', s.nIn(), s.clusters());
            } else {
                INDArray w = v.get(interval(at, at += (long) s.nIn() * s.headSize())).reshape('c', s.nIn(), s.headSize());
                shortlist = w.get(all(), interval(0, s.shortlist()));
                clusters = s.clusters() == 0 ? null : w.get(all(), interval(s.shortlist(), s.headSize()));
            }
            INDArray b = v.get(interval(at, at += s.headSize())).reshape(s.headSize());
            List<INDArray> proj = new ArrayList<>(), out = new ArrayList<>();
            for (int i = 0; i < s.clusters(); i++) {
                int h = s.projected(i);
                proj.add(v.get(interval(at, at += (long) s.nIn() * h)).reshape('c', s.nIn(), h));
                out.add(v.get(interval(at, at += (long) h * s.size(i))).reshape('c', h, s.size(i)));
            }
            return new Params(shortlist, clusters, b, proj, out);
        }
    }

    private AdaptiveSoftmax() {
    }

    /** log p(targets[r]) for each row r of {@code x} [rows, nIn]: the head for every row, a cluster only for the rows whose target is in it. */
    public static double[] logProbabilities(Shape s, Params p, INDArray x, int[] targets) {
        return logProbabilities(s, p, x, targets, new PackedAdaptiveSoftmax());
    }

    /** As above, with the packings a layer keeps between calls (float inputs; double ones go through ND4J). */
    static double[] logProbabilities(Shape s, Params p, INDArray x, int[] targets, PackedAdaptiveSoftmax packed) {
        if (PackedAdaptiveSoftmax.fits(x)) return packed.logProbabilities(s, p, x, targets);
        int rows = (int) x.size(0);
        int[] headTargets = headTargets(s, targets);
        List<List<Integer>> byCluster = byCluster(s, targets);
        double[] out = RowSoftmax.logProbabilities(headLogits(s, p, x, packed), p.headBias(), headTargets);
        for (int c = 0; c < s.clusters(); c++) {
            int[] members = ints(byCluster.get(c));
            if (members.length == 0) continue;
            int[] local = new int[members.length];
            for (int k = 0; k < members.length; k++) local[k] = targets[members[k]] - s.start(c);
            double[] tail = RowSoftmax.logProbabilities(tailLogits(s, p, c, rows(x, members), packed), null, local);
            for (int k = 0; k < members.length; k++) out[members[k]] += tail[k];
        }
        return out;
    }

    /** Probability rows over the whole vocabulary, written into {@code out} [rows, vocab] (for sampling and full distributions). */
    public static void probabilities(Shape s, Params p, INDArray x, INDArray out) {
        probabilities(s, p, x, out, new PackedAdaptiveSoftmax());
    }

    /** As above; {@code packed}: the packings kept for --deterministic's ordered products. */
    static void probabilities(Shape s, Params p, INDArray x, INDArray out, PackedAdaptiveSoftmax packed) {
        int shortlist = s.shortlist();
        INDArray head = headProbabilities(s, p, x, packed);
        out.get(all(), interval(0, shortlist)).assign(head.get(all(), interval(0, shortlist)));
        for (int c = 0; c < s.clusters(); c++) {
            INDArray words = clusterProbabilities(s, p, c, x, head.get(all(), interval(shortlist + c, shortlist + c + 1)), packed);
            out.get(all(), interval(s.start(c), s.start(c) + s.size(c))).assign(words);
        }
    }

    /** The head's probabilities [rows, head] for the rows of x: the shortlist's words, then each cluster's share. */
    static INDArray headProbabilities(Shape s, Params p, INDArray x, PackedAdaptiveSoftmax packed) {
        INDArray head = headLogits(s, p, x, packed);
        RowSoftmax.probabilities(head, p.headBias());
        return head;
    }

    /**
     * The probabilities [rows, size(c)] of cluster c's words for the rows of x, whose shares of the head are {@code shares}
     * [rows, 1]: the share times the cluster's own distribution, as the full rows hold them.
     */
    static INDArray clusterProbabilities(Shape s, Params p, int c, INDArray x, INDArray shares, PackedAdaptiveSoftmax packed) {
        INDArray words = tailLogits(s, p, c, x, packed);
        RowSoftmax.probabilities(words, Nd4j.zeros(words.dataType(), s.size(c)));
        words.muliColumnVector(shares.dup().reshape(x.size(0), 1));
        return words;
    }

    /**
     * Σ −log p(targets[r]) over the rows, with the gradients of that sum: into {@code g} (views of the gradient vector,
     * overwritten) and {@code dx} [rows, nIn] (overwritten).
     */
    public static double lossAndGradient(Shape s, Params p, INDArray x, int[] targets, Params g, INDArray dx) {
        int rows = (int) x.size(0);
        DataType dt = x.dataType();
        int[] headTargets = headTargets(s, targets);
        INDArray head = headLogits(s, p, x, new PackedAdaptiveSoftmax());
        double loss = RowSoftmax.lossAndGradient(head, p.headBias(), headTargets, g.headBias());
        INDArray dShortlist = head.get(all(), interval(0, s.shortlist())), dClusters = head.get(all(), interval(s.shortlist(), s.headSize()));
        Blas.gemm(x, true, dShortlist, false, g.shortlistWeights(), 0.0);
        Blas.gemm(dShortlist, false, p.shortlistWeights(), true, dx, 0.0);
        if (s.clusters() > 0) {
            Blas.gemm(x, true, dClusters, false, g.clusterWeights(), 0.0);
            Blas.gemm(dClusters, false, p.clusterWeights(), true, dx, 1.0);
        }
        List<List<Integer>> byCluster = byCluster(s, targets);
        for (int c = 0; c < s.clusters(); c++) {
            int[] members = ints(byCluster.get(c));
            if (members.length == 0) {
                g.projections().get(c).assign(0);
                g.outputs().get(c).assign(0);
                continue;
            }
            INDArray xc = rows(x, members);
            INDArray hidden = Nd4j.createUninitialized(dt, members.length, s.projected(c));
            Blas.gemm(xc, false, p.projections().get(c), false, hidden, 0.0);
            INDArray logits = Nd4j.createUninitialized(dt, members.length, s.size(c));
            Blas.gemm(hidden, false, p.outputs().get(c), false, logits, 0.0);
            int[] local = new int[members.length];
            for (int k = 0; k < members.length; k++) local[k] = targets[members[k]] - s.start(c);
            loss += RowSoftmax.lossAndGradient(logits, Nd4j.zeros(dt, s.size(c)), local, Nd4j.zeros(dt, s.size(c)));
            Blas.gemm(hidden, true, logits, false, g.outputs().get(c), 0.0);
            INDArray dHidden = Nd4j.createUninitialized(dt, members.length, s.projected(c));
            Blas.gemm(logits, false, p.outputs().get(c), true, dHidden, 0.0);
            Blas.gemm(xc, true, dHidden, false, g.projections().get(c), 0.0);
            INDArray dxc = Nd4j.createUninitialized(dt, members.length, s.nIn());
            Blas.gemm(dHidden, false, p.projections().get(c), true, dxc, 0.0);
            addRows(dx, members, dxc);
        }
        return loss;
    }

    /** The head's logits [rows, head]: the shortlist's columns, then one per cluster. */
    private static INDArray headLogits(Shape s, Params p, INDArray x, PackedAdaptiveSoftmax packed) {
        INDArray head = Nd4j.createUninitialized(x.dataType(), x.size(0), s.headSize());
        product(x, p.shortlistWeights(), head.get(all(), interval(0, s.shortlist())), packed.shortlist());
        if (s.clusters() > 0) product(x, p.clusterWeights(), head.get(all(), interval(s.shortlist(), s.headSize())), packed.clusterColumns());
        return head;
    }

    private static INDArray tailLogits(Shape s, Params p, int c, INDArray x, PackedAdaptiveSoftmax packed) {
        INDArray hidden = Nd4j.createUninitialized(x.dataType(), x.size(0), s.projected(c));
        product(x, p.projections().get(c), hidden, packed.projection(c));
        INDArray logits = Nd4j.createUninitialized(x.dataType(), x.size(0), s.size(c));
        product(hidden, p.outputs().get(c), logits, packed.output(c));
        return logits;
    }

    /** out = x·w for reading: ordered products with w's kept packing under --deterministic ({@link OrderedProduct}), OpenBLAS's otherwise. */
    private static void product(INDArray x, INDArray w, INDArray out, OrderedProduct kept) {
        if (OrderedProduct.on(w)) kept.of(w, false).apply(x, out);
        else Blas.gemm(x, false, w, false, out, 0.0);
    }

    /** The rows {@code members} of x, gathered in Java (ND4J's getRows takes milliseconds for a few hundred). */
    private static INDArray rows(INDArray x, int[] members) {
        int n = (int) x.size(1);
        if (x.dataType() != DataType.FLOAT || x.rank() != 2 || x.stride(1) != 1 || x.stride(0) != n) return x.getRows(members);
        float[] all = new float[(int) x.length()], picked = new float[members.length * n];
        new FloatPointer(x.data().addressPointer()).get(all);
        for (int k = 0; k < members.length; k++) System.arraycopy(all, members[k] * n, picked, k * n, n);
        return Nd4j.createFromArray(picked).reshape('c', members.length, n);
    }

    /** dx[members[k]] += rows[k] for each k. */
    private static void addRows(INDArray dx, int[] members, INDArray rows) {
        int n = (int) dx.size(1);
        if (dx.dataType() != DataType.FLOAT || dx.rank() != 2 || dx.stride(1) != 1 || dx.stride(0) != n || rows.dataType() != DataType.FLOAT) {
            for (int k = 0; k < members.length; k++) dx.getRow(members[k]).addi(rows.getRow(k));
            return;
        }
        float[] add = rows.dup('c').data().asFloat(), all = new float[(int) dx.length()];
        FloatPointer to = new FloatPointer(dx.data().addressPointer());
        to.get(all);
        for (int k = 0; k < members.length; k++) for (int i = 0; i < n; i++) all[members[k] * n + i] += add[k * n + i];
        to.put(all);
    }

    /** Each target's head output: the word itself in the shortlist, else its cluster's column. */
    static int[] headTargets(Shape s, int[] targets) {
        int[] out = new int[targets.length];
        for (int r = 0; r < targets.length; r++) {
            int c = s.clusterOf(targets[r]);
            out[r] = c < 0 ? targets[r] : s.shortlist() + c;
        }
        return out;
    }

    private static List<List<Integer>> byCluster(Shape s, int[] targets) {
        List<List<Integer>> out = new ArrayList<>();
        for (int c = 0; c < s.clusters(); c++) out.add(new ArrayList<>());
        RowSoftmax.requireTargets(targets, s.vocab());
        for (int r = 0; r < targets.length; r++) {
            int c = s.clusterOf(targets[r]);
            if (c >= 0) out.get(c).add(r);
        }
        return out;
    }

    private static int[] ints(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    private static INDArrayIndex all() {
        return NDArrayIndex.all();
    }

    private static INDArrayIndex interval(long from, long to) {
        return NDArrayIndex.interval(from, to);
    }
}
