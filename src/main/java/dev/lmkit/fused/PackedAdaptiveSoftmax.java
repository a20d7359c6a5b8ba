package dev.lmkit.fused;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * An adaptive softmax layer's weights packed for reading ({@link OrderedProduct}), kept while they hold the same values:
 * scoring targets reads the head's and each cluster's weights once per call and packs them only when they changed. The
 * logits are formed a few rows at a time and normalised where they stand ({@link RowSoftmax#logProbabilities(float[],
 * int, int, OrderedProduct[], float[], int[])}), and a cluster's rows are gathered in Java; every product is an ordered
 * chain of fused multiply-adds, so a row's log-probability never depends on the rows scored beside it. One per layer,
 * not for two threads at once.
 */
final class PackedAdaptiveSoftmax {
    private final OrderedProduct shortlist = new OrderedProduct(), clusterColumns = new OrderedProduct();
    private final List<OrderedProduct> projections = new ArrayList<>(), outputs = new ArrayList<>();
    private float[] x = new float[0];

    /** Whether it can score these inputs: float matrices (double ones are for gradient checks, through ND4J). */
    static boolean fits(INDArray x) {
        return x.dataType() == DataType.FLOAT && x.rank() == 2;
    }

    /** log p(targets[r]) for each row r of {@code x} [rows, nIn]: the head for every row, a cluster only for the rows whose target is in it. */
    double[] logProbabilities(AdaptiveSoftmax.Shape s, AdaptiveSoftmax.Params p, INDArray input, int[] targets) {
        int rows = (int) input.size(0), k = s.nIn();
        int[] cluster = new int[rows], size = new int[s.clusters()];
        RowSoftmax.requireTargets(targets, s.vocab());
        for (int r = 0; r < rows; r++) {
            cluster[r] = s.clusterOf(targets[r]);
            if (cluster[r] >= 0) size[cluster[r]]++;
        }
        int[] headTargets = AdaptiveSoftmax.headTargets(s, targets);
        x = OrderedProduct.read(input, x);
        OrderedProduct[] head = s.clusters() == 0 ? new OrderedProduct[]{shortlist.of(p.shortlistWeights(), false)}
                : new OrderedProduct[]{shortlist.of(p.shortlistWeights(), false), clusterColumns.of(p.clusterWeights(), false)};
        double[] out = RowSoftmax.logProbabilities(x, rows, k, head, p.headBias().toFloatVector(), headTargets);
        for (int c = 0; c < s.clusters(); c++) {
            if (size[c] == 0) continue;
            int[] members = new int[size[c]], local = new int[size[c]];
            float[] picked = new float[size[c] * k];
            for (int r = 0, m = 0; r < rows; r++) {
                if (cluster[r] != c) continue;
                System.arraycopy(x, r * k, picked, m * k, k);
                local[m] = targets[r] - s.start(c);
                members[m++] = r;
            }
            int h = s.projected(c);
            float[] hidden = new float[size[c] * h];
            OrderedProduct projection = projection(c).of(p.projections().get(c), false);
            Parts.run(size[c], (long) size[c] * h * k, (part, from, to) -> projection.apply(picked, hidden, from, to));
            OrderedProduct[] tail = {output(c).of(p.outputs().get(c), false)};
            double[] inCluster = RowSoftmax.logProbabilities(hidden, size[c], h, tail, null, local);
            for (int m = 0; m < members.length; m++) out[members[m]] += inCluster[m];
        }
        return out;
    }

    /** The packing kept for the shortlist's weights; for {@link AdaptiveSoftmax}'s ordered products (--deterministic). */
    OrderedProduct shortlist() {
        return shortlist;
    }

    OrderedProduct clusterColumns() {
        return clusterColumns;
    }

    OrderedProduct projection(int cluster) {
        return kept(projections, cluster);
    }

    OrderedProduct output(int cluster) {
        return kept(outputs, cluster);
    }

    private static OrderedProduct kept(List<OrderedProduct> products, int c) {
        while (products.size() <= c) products.add(new OrderedProduct());
        return products.get(c);
    }
}
