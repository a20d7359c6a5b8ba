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
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        INDArray a = input;
        for (int i = 0; i < n - 1; i++) {
            InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
            if (pre != null) a = pre.preProcess(a, (int) input.size(0), mgr);
            Layer layer = net.getLayer(i);
            a = layer instanceof RecurrentLayer r ? r.rnnTimeStep(a, mgr) : layer.activate(a, false, mgr);
        }
        return output.probabilities(a);
    }
}
