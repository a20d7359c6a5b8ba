package dev.lmkit.fused;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.function.Function;

/**
 * One generation step of a fused float network for a batch of streams, from and into the LSTM layers' stored state:
 * the embedding rows, per layer the two products, the bias and the cell update ({@link LstmCells}), then the softmax
 * ({@link RowSoftmax}), all on arrays kept from step to step. The layers' own {@code rnnTimeStep} made some forty ND4J
 * calls per token (views, permuted copies, fresh arrays), half of a batch-1 PTB step. The same values as the
 * layers' path (SingleStepTest). The state arrays it stores are reused by its next step: a caller that keeps one
 * across steps must copy it. Made for one run of steps: the weights must not change while it is in use (several
 * streams read them packed, {@link OrderedProduct}, as the layers do; one stream reads them by a GEMV).
 */
public final class SingleStep {
    private final MultiLayerNetwork net;
    private final FusedEmbeddingLayer embedding;
    private final FusedLstmLayer[] lstms;
    private final FusedSoftmaxOutputLayer output;
    private final Scratch scratch = new Scratch();
    /**
     * Below this many weights a batch-1 step keeps to one thread: a small network's step is too short to share, a
     * large one's products are worth splitting (docs/speed.md: ptb-small and char against ptb-medium).
     */
    static final long ONE_THREAD_WEIGHTS = 6_000_000;
    private final long weights;
    private OrderedProduct[] inputs, recurrents; // packed on the first step of several streams (inputs under --deterministic)

    private SingleStep(MultiLayerNetwork net) {
        this.net = net;
        int n = net.getnLayers();
        embedding = (FusedEmbeddingLayer) net.getLayer(0);
        lstms = new FusedLstmLayer[n - 2];
        for (int i = 1; i < n - 1; i++) lstms[i - 1] = (FusedLstmLayer) net.getLayer(i);
        output = (FusedSoftmaxOutputLayer) net.getLayer(n - 1);
        long w = output.weights().length();
        for (FusedLstmLayer l : lstms) w += l.getParam("W").length() + l.getParam("RW").length();
        weights = w;
    }

    /** The step for a float network of lmkit's fused layers (embedding, LSTMs, softmax); null for any other. */
    public static SingleStep of(MultiLayerNetwork net) {
        int n = net.getnLayers();
        if (n < 3 || net.params().dataType() != DataType.FLOAT || !(net.getLayer(0) instanceof FusedEmbeddingLayer e)
                || e.layerConf().hasBias() || !(e.layerConf().getActivationFn() instanceof org.nd4j.linalg.activations.impl.ActivationIdentity)
                || !(net.getLayer(n - 1) instanceof FusedSoftmaxOutputLayer)) {
            return null;
        }
        for (int i = 1; i < n - 1; i++) if (!(net.getLayer(i) instanceof FusedLstmLayer)) return null;
        for (int i = 0; i < n; i++) if (net.getLayerWiseConfigurations().getInputPreProcess(i) != null) return null;
        return new SingleStep(net);
    }

    /**
     * Probabilities [batch, vocab] after reading {@code ids[b]} in stream b; valid until the next step. One stream's
     * step of a small network runs on the calling thread alone ({@link Parts#onCallingThread}).
     */
    public INDArray probabilities(int[] ids) {
        return step(ids, output::rowProbabilities);
    }

    /**
     * Reads {@code ids[b]} in stream b and hands what the softmax layer reads, [batch, nIn] (valid until the next step), to
     * {@code softmax}: for a caller that needs less than the whole rows (a draw from an adaptive softmax's head and one
     * cluster). Threads as {@link #probabilities}.
     */
    public <T> T step(int[] ids, Function<INDArray, T> softmax) {
        return ids.length == 1 && weights < ONE_THREAD_WEIGHTS ? Parts.onCallingThread(() -> softmax.apply(top(ids))) : softmax.apply(top(ids));
    }

    private INDArray top(int[] ids) {
        int batch = ids.length;
        INDArray x = embed(ids);
        for (int l = 0; l < lstms.length; l++) x = lstm(l, x, batch);
        return x;
    }

    private INDArray embed(int[] ids) {
        INDArray table = embedding.getParam("W"); // [vocab, embedding]
        int dim = (int) table.size(1);
        long rowStride = table.stride(0), columnStride = table.stride(1), offset = table.offset();
        FloatBuffer from = table.data().asNioFloat(), to = Buffers.floats(scratch.get("x", DataType.FLOAT, ids.length, dim));
        for (int b = 0; b < ids.length; b++) {
            for (int j = 0; j < dim; j++) to.put(b * dim + j, from.get((int) (offset + ids[b] * rowStride + j * columnStride)));
        }
        return scratch.get("x", DataType.FLOAT, ids.length, dim);
    }

    private INDArray lstm(int l, INDArray x, int batch) {
        FusedLstmLayer layer = lstms[l];
        int h = (int) layer.layerConf().getNOut();
        Map<String, INDArray> state = net.rnnGetPreviousState(l + 1);
        INDArray hPrev = stateArray(state, LSTM.STATE_KEY_PREV_ACTIVATION, "h" + l, batch, h);
        INDArray cPrev = stateArray(state, LSTM.STATE_KEY_PREV_MEMCELL, "c" + l, batch, h);
        INDArray gates = scratch.get("gates" + l, DataType.FLOAT, batch, 4L * h), recurrent = scratch.get("recurrent" + l, DataType.FLOAT, batch, 4L * h);
        if (batch > 1 && OrderedProduct.fits(layer.getParam("RW"))) { // as the layer reads: see FusedLstmLayer
            if (recurrents == null) {
                inputs = new OrderedProduct[lstms.length];
                recurrents = new OrderedProduct[lstms.length];
                for (int i = 0; i < lstms.length; i++) {
                    inputs[i] = new OrderedProduct();
                    recurrents[i] = new OrderedProduct(lstms[i].getParam("RW"));
                }
            }
            if (OrderedProduct.on(layer.getParam("W"))) inputs[l].of(layer.getParam("W"), false).apply(x, gates);
            else Blas.product(x, layer.getParam("W"), gates);
            recurrents[l].apply(hPrev, recurrent);
        } else {
            Blas.product(x, layer.getParam("W"), gates);
            Blas.product(hPrev, layer.getParam("RW"), recurrent);
        }
        INDArray hidden = scratch.get("hidden" + l, DataType.FLOAT, batch, h), cells = scratch.get("cells" + l, DataType.FLOAT, batch, h);
        INDArray tanhCells = scratch.get("tanhCells" + l, DataType.FLOAT, batch, h);
        LstmCells.forward(gates, layer.getParam("b"), recurrent, cells, tanhCells, hidden, cPrev, batch, h).run(0, 0, batch);
        Buffers.floats(hPrev).put(0, Buffers.floats(hidden), 0, batch * h);
        Buffers.floats(cPrev).put(0, Buffers.floats(cells), 0, batch * h);
        net.rnnSetPreviousState(l + 1, Map.of(LSTM.STATE_KEY_PREV_ACTIVATION, hPrev, LSTM.STATE_KEY_PREV_MEMCELL, cPrev));
        return hidden;
    }

    /** The stored state as a [batch, h] array this step owns (zeros when there is none), put back into the layer's map. */
    private INDArray stateArray(Map<String, INDArray> state, String key, String name, int batch, int h) {
        INDArray own = scratch.get(name, DataType.FLOAT, batch, h);
        INDArray stored = state == null ? null : state.get(key);
        if (stored != own) {
            if (stored == null) own.assign(0); else own.assign(stored);
        }
        return own;
    }
}
