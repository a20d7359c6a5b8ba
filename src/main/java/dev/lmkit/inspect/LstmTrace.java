package dev.lmkit.inspect;

import dev.lmkit.corpus.IdArrays;
import dev.lmkit.fused.FusedLstmLayer;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.model.NextToken;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.ArrayList;
import java.util.List;

/**
 * What every LSTM layer did at every token of one sequence, read from a fresh state: the gate
 * activations, the cell state c and the output h, as arrays [token][unit]. A model with DL4J's stock
 * layers is read through a fused twin with the same weights (the layers compute the same function).
 */
public record LstmTrace(List<String> tokens, List<Layer> layers) {

    public record Layer(double[][] blockInput, double[][] forget, double[][] output, double[][] input, double[][] cell,
                        double[][] hidden) {
        public int units() {
            return cell[0].length;
        }
    }

    /** Feeds {@code tokens} (already in the model's vocabulary form) one sequence from a fresh state. */
    public static LstmTrace of(ModelBundle bundle, List<String> tokens) {
        if (tokens.isEmpty()) throw new IllegalArgumentException("nothing to trace: no tokens");
        MultiLayerNetwork net = FusedView.of(bundle).net();
        float[] ids = new float[tokens.size()];
        for (int t = 0; t < ids.length; t++) ids[t] = bundle.vocab().id(tokens.get(t));
        net.rnnClearPreviousState();
        NextToken.probabilities(net, IdArrays.of(ids, 1, ids.length));
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            if (net.getLayer(i) instanceof FusedLstmLayer lstm) {
                double[][][] a = lstm.lastForward(0);
                layers.add(new Layer(a[0], a[1], a[2], a[3], a[4], a[5]));
            }
        }
        net.rnnClearPreviousState();
        return new LstmTrace(List.copyOf(tokens), layers);
    }
}
