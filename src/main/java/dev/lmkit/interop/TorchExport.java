package dev.lmkit.interop;

import dev.lmkit.config.ModelConfig;
import dev.lmkit.LmkitException;
import dev.lmkit.config.LmConfig;
import dev.lmkit.model.ModelBundle;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An lmkit word model as a PyTorch state_dict that word_language_model's {@code RNNModel('LSTM', V,
 * embedding, hidden, layers, tie_weights=…)} loads with {@code load_state_dict}, plus the vocabulary
 * (one token per line, in lmkit's id order). The inverse of {@link TorchImport}'s mapping: DL4J's gate
 * blocks back to PyTorch's order, the summed bias as {@code bias_ih} with {@code bias_hh} zero.
 */
public final class TorchExport {
    private TorchExport() {
    }

    /** Writes {@code out} and, beside it, {@code <out without .pt>.vocab.txt}; returns the vocabulary file. */
    public static Path write(ModelBundle bundle, Path out) {
        ModelConfig m = bundle.config().model();
        if (bundle.config().data().charLevel()) throw new LmkitException("only word models can be exported to PyTorch");
        if (m.softmax() != ModelConfig.Softmax.FULL) {
            throw new LmkitException("export torch writes PyTorch's word_language_model, whose decoder is a full softmax; this model has "
                    + "model.softmax: " + m.softmax().name().toLowerCase(java.util.Locale.ROOT) + " (export is not available for it)");
        }
        if (!m.hidden().stream().allMatch(h -> h.equals(m.hidden().get(0)))) {
            throw new LmkitException("PyTorch's nn.LSTM has one hidden size for all layers; this model has " + m.hidden());
        }
        MultiLayerNetwork net = bundle.net();
        int v = bundle.vocab().size(), e = m.embedding(), h = m.hidden().get(0), layers = m.hidden().size();
        StateDictWriter sd = new StateDictWriter();
        float[] embedding = rowMajor(net.getLayer(0).getParam("W")); // [V, E]
        sd.put("encoder.weight", new StateDictWriter.Tensor(embedding, v, e));
        int in = e;
        for (int k = 0; k < layers; k++) {
            Layer layer = net.getLayer(1 + k);
            sd.put("rnn.weight_ih_l" + k, new StateDictWriter.Tensor(gateRows(rowMajor(layer.getParam("W")), in, h), 4L * h, in));
            sd.put("rnn.weight_hh_l" + k, new StateDictWriter.Tensor(gateRows(rowMajor(layer.getParam("RW")), h, h), 4L * h, h));
            sd.put("rnn.bias_ih_l" + k, new StateDictWriter.Tensor(gateRows(rowMajor(layer.getParam("b")), 1, h), 4L * h));
            sd.put("rnn.bias_hh_l" + k, new StateDictWriter.Tensor(new float[4 * h], 4L * h));
            in = h;
        }
        Layer output = net.getLayer(layers + 1);
        if (m.tieWeights()) {
            sd.put("decoder.weight", new StateDictWriter.Tensor(embedding, v, h)); // the same storage, as PyTorch saves a tied model
        } else {
            float[] w = rowMajor(output.getParam("W")), wt = new float[v * h]; // [H, V] → [V, H]
            for (int r = 0; r < h; r++) for (int c = 0; c < v; c++) wt[c * h + r] = w[r * v + c];
            sd.put("decoder.weight", new StateDictWriter.Tensor(wt, v, h));
        }
        sd.put("decoder.bias", new StateDictWriter.Tensor(rowMajor(output.getParam("b")), v));
        Path vocab = out.resolveSibling(out.getFileName().toString().replaceFirst("\\.(pt|pth)$", "") + ".vocab.txt");
        try {
            sd.write(out);
            dev.lmkit.OutputFiles.write(vocab, temp -> Files.write(temp, bundle.vocab().tokens()));
        } catch (IOException ex) {
            throw new LmkitException("cannot write " + out + ": " + ex.getMessage());
        }
        return vocab;
    }

    private static float[] rowMajor(org.nd4j.linalg.api.ndarray.INDArray a) {
        return a.dup('c').data().asFloat();
    }

    /** DL4J's [in, 4H] (blocks g, f, o, i) as PyTorch's [4H, in] (blocks i, f, g, o), row-major. */
    static float[] gateRows(float[] dl4j, int in, int h) {
        float[] out = new float[in * 4 * h];
        for (int blk = 0; blk < 4; blk++) {
            int to = TorchImport.TORCH_BLOCK_OF_DL4J[blk] * h;
            for (int j = 0; j < h; j++) for (int r = 0; r < in; r++) out[(to + j) * in + r] = dl4j[r * 4 * h + blk * h + j];
        }
        return out;
    }
}
