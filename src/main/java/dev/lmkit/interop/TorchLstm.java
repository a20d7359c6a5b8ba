package dev.lmkit.interop;

import dev.lmkit.LmkitException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parameters of word_language_model's {@code RNNModel} with an LSTM (colorlessgreenRNNs' model
 * too), found in a state_dict or a whole pickled module: {@code encoder} (nn.Embedding [V, E]),
 * {@code rnn} (nn.LSTM, per layer k {@code weight_ih_lk} [4H, in], {@code weight_hh_lk} [4H, H] and two
 * biases [4H], gates in PyTorch's order i, f, g, o) and {@code decoder} (nn.Linear [V, H] and [V]).
 * Tied models hold the same tensor as encoder and decoder weight.
 */
public record TorchLstm(TorchTensor encoder, List<Layer> layers, TorchTensor decoderWeight, TorchTensor decoderBias) {

    public record Layer(TorchTensor weightIh, TorchTensor weightHh, TorchTensor biasIh, TorchTensor biasHh) {
    }

    public boolean tied() {
        return encoder.sameAs(decoderWeight);
    }

    public int vocabSize() {
        return (int) encoder.shape()[0];
    }

    public int embedding() {
        return (int) encoder.shape()[1];
    }

    public int hidden() {
        return (int) layers.get(0).weightHh().shape()[1];
    }

    /** The model in what {@link TorchFile#read} returned; {@code file} names it in errors. */
    public static TorchLstm of(Object root, String file) {
        try {
            return read(root, file);
        } catch (ClassCastException | IndexOutOfBoundsException | IllegalArgumentException | NullPointerException e) {
            throw new LmkitException("not a word_language_model LSTM (" + dev.lmkit.Messages.quote(String.valueOf(e.getMessage())) + "): " + file);
        }
    }

    private static TorchLstm read(Object root, String file) {
        Map<String, TorchTensor> params = new TreeMap<>();
        String rnnClass = null;
        if (TorchFile.className(root) != null && root instanceof Map<?, ?> module) { // a whole pickled module
            Map<?, ?> modules = (Map<?, ?>) module.get("_modules");
            if (modules == null) throw new LmkitException("a pickled " + TorchFile.className(root) + " without submodules: " + file);
            for (var e : modules.entrySet()) {
                if (e.getValue() instanceof Map<?, ?> sub && sub.get("_parameters") instanceof Map<?, ?> p) {
                    if ("rnn".equals(e.getKey())) rnnClass = TorchFile.className(sub);
                    p.forEach((k, v) -> { if (v instanceof TorchTensor t) params.put(e.getKey() + "." + k, t); });
                }
            }
        } else if (root instanceof Map<?, ?> stateDict) {
            stateDict.forEach((k, v) -> { if (v instanceof TorchTensor t) params.put(String.valueOf(k).replaceFirst("^module\\.", ""), t); });
        } else {
            throw new LmkitException("neither a state_dict nor a pickled model (found " + describe(root) + "): " + file);
        }
        if (rnnClass != null && !rnnClass.endsWith(".LSTM")) {
            throw new LmkitException("only LSTM models can be imported; this one's rnn is a " + dev.lmkit.Messages.quote(rnnClass) + ": " + file);
        }
        if (rnnClass == null && TorchFile.className(root) != null) { // e.g. word_language_model's TransformerModel
            throw new LmkitException("only LSTM models can be imported; this " + TorchFile.className(root) + " has no rnn but "
                    + dev.lmkit.Messages.quote(((Map<?, ?>) ((Map<?, ?>) root).get("_modules")).keySet().stream().filter(k -> !"__class__".equals(k)).toList()) + ": " + file);
        }
        return of(params, file);
    }

    private static TorchLstm of(Map<String, TorchTensor> p, String file) {
        for (String key : p.keySet()) {
            if (key.contains("_reverse") || key.contains("weight_hr")) {
                throw new LmkitException("bidirectional LSTMs and LSTMs with projections cannot be imported (" + dev.lmkit.Messages.quote(key) + "): " + file);
            }
        }
        TorchTensor encoder = need(p, "encoder.weight", file), decoderW = need(p, "decoder.weight", file), decoderB = need(p, "decoder.bias", file);
        List<Layer> layers = new ArrayList<>();
        for (int k = 0; p.containsKey("rnn.weight_ih_l" + k); k++) {
            layers.add(new Layer(p.get("rnn.weight_ih_l" + k), need(p, "rnn.weight_hh_l" + k, file),
                    need(p, "rnn.bias_ih_l" + k, file), need(p, "rnn.bias_hh_l" + k, file)));
        }
        if (layers.isEmpty()) throw new LmkitException("no rnn.weight_ih_l0, so not a word_language_model LSTM (found " + dev.lmkit.Messages.quote(p.keySet()) + "): " + file);
        TorchLstm model = new TorchLstm(encoder, layers, decoderW, decoderB);
        model.check(file);
        return model;
    }

    private void check(String file) {
        int v = vocabSize(), h = hidden(), in = embedding();
        for (int k = 0; k < layers.size(); k++) {
            Layer l = layers.get(k);
            long gates = l.weightHh().shape()[0];
            if (gates != 4L * h) {
                String kind = gates == 3L * h ? "a GRU" : gates == h ? "a plain RNN" : gates + " gate rows for " + h + " units";
                throw new LmkitException("only LSTM models can be imported; rnn layer " + k + " is " + kind + ": " + file);
            }
            shape(l.weightIh(), file, "rnn.weight_ih_l" + k, 4L * h, in);
            shape(l.weightHh(), file, "rnn.weight_hh_l" + k, 4L * h, h);
            shape(l.biasIh(), file, "rnn.bias_ih_l" + k, 4L * h);
            shape(l.biasHh(), file, "rnn.bias_hh_l" + k, 4L * h);
            in = h;
        }
        shape(decoderWeight, file, "decoder.weight", v, h);
        shape(decoderBias, file, "decoder.bias", v);
    }

    private static void shape(TorchTensor t, String file, String name, long... expected) {
        if (!java.util.Arrays.equals(t.shape(), expected)) {
            throw new LmkitException(name + " has shape " + java.util.Arrays.toString(t.shape()) + ", expected "
                    + java.util.Arrays.toString(expected) + ": " + file);
        }
    }

    private static TorchTensor need(Map<String, TorchTensor> p, String key, String file) {
        TorchTensor t = p.get(key);
        if (t == null) throw new LmkitException("no " + key + " in the model (found " + dev.lmkit.Messages.quote(p.keySet()) + "): " + file);
        return t;
    }

    private static String describe(Object o) {
        return o == null ? "None" : TorchFile.className(o) != null ? TorchFile.className(o) : o.getClass().getSimpleName();
    }
}
