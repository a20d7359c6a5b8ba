package dev.lmkit.model;

import dev.lmkit.corpus.IdArrays;
import dev.lmkit.fused.FusedSoftmaxOutputLayer;
import dev.lmkit.fused.SingleStep;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.function.Function;

/**
 * Next-token probabilities from the network's stored state (as {@code rnnTimeStep}: the state moves
 * on), as a [steps·batch, vocabulary] matrix whose row {@code t·batch + b} is stream b after step t.
 * With the fused output layer the matrix comes straight from one GEMM and one softmax; DL4J's own
 * {@code rnnTimeStep} would then copy it into a detached [batch, vocabulary, steps] array, which at
 * a 10k vocabulary cost as much as computing it. The result is valid until the next call.
 */
public final class NextToken {
    private NextToken() {
    }

    /**
     * Single steps from the stored state, as generation takes them: {@code step.apply(ids)} gives the
     * [batch, vocabulary] probabilities after stream b read {@code ids[b]}. lmkit's fused float networks take
     * {@link SingleStep} (no ND4J call per step besides the products), any other network {@link #probabilities}.
     */
    public static Function<int[], INDArray> steps(MultiLayerNetwork net) {
        SingleStep fast = SingleStep.of(net);
        if (fast != null) return fast::probabilities;
        return ids -> {
            float[] input = new float[ids.length];
            for (int b = 0; b < ids.length; b++) input[b] = ids[b];
            return probabilities(net, IdArrays.of(input, ids.length, 1));
        };
    }

    public static INDArray probabilities(MultiLayerNetwork net, INDArray input) {
        int n = net.getnLayers();
        if (!(net.getLayer(n - 1) instanceof FusedSoftmaxOutputLayer output)) {
            INDArray p = net.rnnTimeStep(input); // [batch, vocab, steps]
            return p.permute(2, 0, 1).dup('c').reshape(p.size(2) * p.size(0), p.size(1));
        }
        return output.probabilities(belowOutput(net, input));
    }

    /**
     * Only the rows {@code rows} (t·batch + b) of {@link #probabilities}, as a [rows, vocabulary] matrix: the recurrent
     * layers read every step, the softmax runs for the rows asked for alone (scoring a continuation needs its few
     * rows, not the prefix's). Any other network computes every row and picks.
     */
    public static INDArray probabilitiesAt(MultiLayerNetwork net, INDArray input, int[] rows) {
        int n = net.getnLayers();
        if (!(net.getLayer(n - 1) instanceof FusedSoftmaxOutputLayer output)) return probabilities(net, input).getRows(rows);
        INDArray picked = timeMajor(belowOutput(net, input)).getRows(rows);
        return output.probabilities(picked.reshape('c', picked.size(0), picked.size(1), 1));
    }

    /**
     * ln p(targets[r]) for the rows r (t·batch + b) of {@link #probabilities}, each at least {@code ln floor} (a float32
     * underflow is not −∞). lmkit's softmax layers compute each row's normaliser and its target's logit, without
     * writing probability rows (an adaptive softmax: the head and only the clusters the targets are in); DL4J's stock
     * layers (impl: dl4j) compute the rows and pick.
     */
    public static double[] logProbabilities(MultiLayerNetwork net, INDArray input, int[] targets, double floor) {
        if (net.getLayer(net.getnLayers() - 1) instanceof FusedSoftmaxOutputLayer output) {
            return floored(output.logProbabilities(timeMajor(belowOutput(net, input)), targets), floor);
        }
        return picked(probabilities(net, input), targets, floor);
    }

    private static INDArray timeMajor(INDArray a) {
        return a.permute(2, 0, 1).dup('c').reshape(a.size(2) * a.size(0), a.size(1));
    }

    private static double[] picked(INDArray probs, int[] targets, double floor) {
        double[] out = new double[targets.length];
        for (int r = 0; r < out.length; r++) out[r] = Math.log(Math.max(floor, probs.getDouble(r, targets[r])));
        return out;
    }

    private static double[] floored(double[] logp, double floor) {
        double min = Math.log(floor);
        for (int r = 0; r < logp.length; r++) logp[r] = Math.max(min, logp[r]);
        return logp;
    }

    /** What the softmax layer reads (NCW [batch, nIn, steps]), the recurrent layers moving on from their stored state. */
    public static INDArray belowOutput(MultiLayerNetwork net, INDArray input) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        INDArray a = input;
        for (int i = 0; i < net.getnLayers() - 1; i++) {
            InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
            if (pre != null) a = pre.preProcess(a, (int) input.size(0), mgr);
            Layer layer = net.getLayer(i);
            a = layer instanceof RecurrentLayer r ? r.rnnTimeStep(a, mgr) : layer.activate(a, false, mgr);
        }
        return a;
    }
}
