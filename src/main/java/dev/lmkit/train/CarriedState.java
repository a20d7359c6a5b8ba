package dev.lmkit.train;

import dev.lmkit.LmkitException;
import dev.lmkit.model.ArrayCodec;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

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
                    ArrayCodec.write(e.getValue(), out);
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@link #write} can produce for this network at this batch size: refuse more before reading it. */
    static long maxBytes(MultiLayerNetwork net, int batch) {
        long units = 0;
        for (int i = 0; i < net.getnLayers(); i++) {
            if (net.getLayer(i) instanceof RecurrentLayer) units += net.getLayer(i).getParam("RW").size(0);
        }
        return 8L * (2 * units * batch + net.numParams()) + (1 << 20);
    }

    /** Restores what {@link #write} wrote, checking every layer, name and shape against the network first. */
    static void restore(MultiLayerNetwork net, byte[] bytes, int batch, String from) {
        String where = from + "!" + ENTRY;
        try (var in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            net.rnnClearPreviousState();
            int layers = in.readInt();
            if (layers < 0 || layers > net.getnLayers()) throw damaged(where);
            for (; layers > 0; layers--) {
                int layer = in.readInt();
                if (layer < 0 || layer >= net.getnLayers() || !(net.getLayer(layer) instanceof RecurrentLayer)) throw damaged(where);
                long units = net.getLayer(layer).getParam("RW").size(0);
                Map<String, INDArray> state = new HashMap<>();
                int arrays = in.readInt();
                if (arrays < 0 || arrays > 4) throw damaged(where);
                for (; arrays > 0; arrays--) {
                    String name = in.readUTF();
                    INDArray a = ArrayCodec.read(in, batch * units, batch * units, where);
                    state.put(name, a.reshape(batch, units));
                }
                net.rnnSetPreviousState(layer, state);
            }
        } catch (IOException e) {
            throw damaged(where);
        }
    }

    private static LmkitException damaged(String where) {
        return new LmkitException("damaged carried state (not what this network and train.batch write): " + where);
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
