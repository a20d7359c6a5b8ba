package dev.lmkit.train;

import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.*;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hidden and cell state carried from one training window to the next, as bytes for a mid-epoch
 * checkpoint ({@code lmkit/carried-state.bin}): with it, a run stopped between two windows resumes
 * exactly where it was.
 */
final class CarriedState {
    static final String ENTRY = "lmkit/carried-state.bin";

    private CarriedState() {
    }

    static byte[] write(MultiLayerNetwork net) {
        try {
            var bytes = new ByteArrayOutputStream();
            var out = new DataOutputStream(bytes);
            Map<Integer, Map<String, INDArray>> layers = read(net);
            out.writeInt(layers.size());
            for (var layer : layers.entrySet()) {
                out.writeInt(layer.getKey());
                out.writeInt(layer.getValue().size());
                for (var e : new TreeMap<>(layer.getValue()).entrySet()) {
                    out.writeUTF(e.getKey());
                    Nd4j.write(e.getValue(), out);
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void restore(MultiLayerNetwork net, byte[] bytes) {
        try (var in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            net.rnnClearPreviousState();
            for (int layers = in.readInt(); layers > 0; layers--) {
                int layer = in.readInt();
                Map<String, INDArray> state = new HashMap<>();
                for (int n = in.readInt(); n > 0; n--) state.put(in.readUTF(), Nd4j.read(in));
                net.rnnSetPreviousState(layer, state);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every recurrent layer's stored state (empty maps left out). */
    static Map<Integer, Map<String, INDArray>> read(MultiLayerNetwork net) {
        Map<Integer, Map<String, INDArray>> out = new TreeMap<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            if (!(net.getLayer(i) instanceof RecurrentLayer)) continue;
            Map<String, INDArray> state = net.rnnGetPreviousState(i);
            if (state != null && !state.isEmpty()) out.put(i, state);
        }
        return out;
    }
}
