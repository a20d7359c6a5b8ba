package dev.lmkit.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

/**
 * An LSTM layer computed the way cuDNN and PyTorch do it on CPU: the input projection of all time
 * steps is one GEMM ([T·B, nIn]·[nIn, 4H]), only the recurrent GEMM runs per step, the forward
 * values are kept for the backward pass instead of being recomputed (DL4J's stock layer runs the
 * forward pass twice per training step), and the weight gradients are again one GEMM each over all
 * steps. Same parameters and gate layout as DL4J's LSTM: columns [block input (tanh), forget,
 * output, input gate] of W [nIn, 4H], RW [H, 4H] and b [1, 4H].
 */
public class FusedLstmLayer extends LSTM {
    private static final String W = LSTMParamInitializer.INPUT_WEIGHT_KEY;
    private static final String RW = LSTMParamInitializer.RECURRENT_WEIGHT_KEY;
    private static final String B = LSTMParamInitializer.BIAS_KEY;

    /** What the backward pass needs from the forward pass; rows are time-major (t·batch + b). */
    private record Forward(INDArray x2, INDArray gates, INDArray cells, INDArray tanhCells, INDArray hidden,
                           INDArray h0, INDArray c0, int batch, int steps) {
        INDArray rows(INDArray a, int t) {
            return a.get(interval((long) t * batch, (long) (t + 1) * batch), all());
        }
    }

    private Forward cache;

    public FusedLstmLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        return forward(training, null, null, false, mgr);
    }

    @Override
    public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr mgr) {
        setInput(input, mgr);
        return activate(training, mgr);
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr mgr) {
        setInput(input, mgr);
        INDArray out = forward(false, stateMap.get(STATE_KEY_PREV_ACTIVATION), stateMap.get(STATE_KEY_PREV_MEMCELL), false, mgr);
        keepLastState(stateMap);
        return out;
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT, LayerWorkspaceMgr mgr) {
        setInput(input, mgr);
        INDArray out = forward(training, stateMap.get(STATE_KEY_PREV_ACTIVATION), stateMap.get(STATE_KEY_PREV_MEMCELL), false, mgr);
        if (storeLastForTBPTT) keepLastState(tBpttStateMap);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        return backward(epsilon, Integer.MAX_VALUE, mgr);
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackLength, LayerWorkspaceMgr mgr) {
        return backward(epsilon, tbpttBackLength, mgr);
    }

    /** Stores the last step's h and c outside any workspace: they live until the next call. */
    private void keepLastState(java.util.Map<String, INDArray> into) {
        int last = cache.steps() - 1;
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            into.put(STATE_KEY_PREV_ACTIVATION, cache.rows(cache.hidden(), last).dup());
            into.put(STATE_KEY_PREV_MEMCELL, cache.rows(cache.cells(), last).dup());
        }
    }

    private INDArray forward(boolean training, INDArray h0, INDArray c0, boolean unused, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        if (maskArray != null) throw new UnsupportedOperationException("the fused LSTM does not support masks");
        applyDropOutIfNecessary(training, mgr);
        INDArray x = permuteIfNWC(input);
        if (x.rank() == 2) x = x.reshape(x.size(0), x.size(1), 1);
        int batch = (int) x.size(0), nIn = (int) x.size(1), steps = (int) x.size(2);
        int h = (int) layerConf().getNOut();
        INDArray w = getParamWithNoise(W, training, mgr), rw = getParamWithNoise(RW, training, mgr), b = getParamWithNoise(B, training, mgr);
        INDArray out;
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            DataType dt = w.dataType();
            INDArray x2 = x.permute(2, 0, 1).dup('c').reshape('c', (long) steps * batch, nIn);
            INDArray gates = x2.mmul(w);
            gates.addiRowVector(b);
            INDArray cells = Nd4j.create(dt, new long[]{(long) steps * batch, h}, 'c');
            INDArray tanhCells = Nd4j.create(dt, new long[]{(long) steps * batch, h}, 'c');
            INDArray hidden = Nd4j.create(dt, new long[]{(long) steps * batch, h}, 'c');
            INDArray hZero = h0 != null ? h0.castTo(dt) : Nd4j.zeros(dt, batch, h);
            INDArray cZero = c0 != null ? c0.castTo(dt) : Nd4j.zeros(dt, batch, h);
            Forward f = new Forward(x2, gates, cells, tanhCells, hidden, hZero, cZero, batch, steps);
            INDArray hPrev = hZero, cPrev = cZero;
            for (int t = 0; t < steps; t++) {
                INDArray z = f.rows(gates, t);
                z.addi(hPrev.mmul(rw));
                INDArray a = z.get(all(), interval(0, h));
                Transforms.tanh(a, false);
                Transforms.sigmoid(z.get(all(), interval(h, 4 * h)), false);
                INDArray forget = z.get(all(), interval(h, 2 * h));
                INDArray outGate = z.get(all(), interval(2 * h, 3 * h));
                INDArray inGate = z.get(all(), interval(3 * h, 4 * h));
                INDArray c = f.rows(cells, t).assign(forget).muli(cPrev).addi(inGate.mul(a));
                INDArray tc = f.rows(tanhCells, t).assign(c);
                Transforms.tanh(tc, false);
                hPrev = f.rows(hidden, t).assign(outGate).muli(tc);
                cPrev = c;
            }
            cache = f;
            out = hidden.reshape('c', steps, batch, h).permute(1, 2, 0);
        }
        INDArray result = mgr.createUninitialized(ArrayType.ACTIVATIONS, out.dataType(), out.shape(), 'f');
        result.assign(out);
        return result;
    }

    private Pair<Gradient, INDArray> backward(INDArray epsilon, int backLength, LayerWorkspaceMgr mgr) {
        if (cache == null) throw new IllegalStateException("backward pass without a forward pass");
        Forward f = cache;
        int h = (int) layerConf().getNOut(), batch = f.batch(), steps = f.steps();
        INDArray w = getParamWithNoise(W, true, mgr), rw = getParamWithNoise(RW, true, mgr);
        INDArray epsOut;
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            DataType dt = w.dataType();
            INDArray e = permuteIfNWC(epsilon).permute(2, 0, 1).dup('c').reshape('c', (long) steps * batch, h);
            INDArray dz = Nd4j.zeros(dt, (long) steps * batch, 4L * h);
            INDArray dhNext = Nd4j.zeros(dt, batch, h), dcNext = Nd4j.zeros(dt, batch, h);
            INDArray rwT = rw.transpose();
            int first = Math.max(0, steps - backLength);
            for (int t = steps - 1; t >= first; t--) {
                INDArray z = f.rows(f.gates(), t);
                INDArray a = z.get(all(), interval(0, h));
                INDArray forget = z.get(all(), interval(h, 2 * h));
                INDArray outGate = z.get(all(), interval(2 * h, 3 * h));
                INDArray inGate = z.get(all(), interval(3 * h, 4 * h));
                INDArray tc = f.rows(f.tanhCells(), t);
                INDArray cPrev = t > 0 ? f.rows(f.cells(), t - 1) : f.c0();
                INDArray dh = f.rows(e, t).add(dhNext);
                INDArray dc = tc.mul(tc).rsubi(1).muli(outGate).muli(dh).addi(dcNext);
                INDArray d = f.rows(dz, t);
                d.get(all(), interval(2 * h, 3 * h)).assign(outGate).rsubi(1).muli(outGate).muli(tc).muli(dh);
                d.get(all(), interval(h, 2 * h)).assign(forget).rsubi(1).muli(forget).muli(cPrev).muli(dc);
                d.get(all(), interval(3 * h, 4 * h)).assign(inGate).rsubi(1).muli(inGate).muli(a).muli(dc);
                d.get(all(), interval(0, h)).assign(a).muli(a).rsubi(1).muli(inGate).muli(dc);
                dcNext = dc.muli(forget);
                dhNext = d.mmul(rwT);
            }
            INDArray hPrevAll = Nd4j.create(dt, new long[]{(long) steps * batch, h}, 'c');
            hPrevAll.get(interval(0, batch), all()).assign(f.h0());
            if (steps > 1) {
                hPrevAll.get(interval(batch, (long) steps * batch), all()).assign(f.hidden().get(interval(0, (long) (steps - 1) * batch), all()));
            }
            Nd4j.gemm(f.x2(), dz, gradientViews.get(W), true, false, 1.0, 0.0);
            Nd4j.gemm(hPrevAll, dz, gradientViews.get(RW), true, false, 1.0, 0.0);
            gradientViews.get(B).assign(dz.sum(0).reshape(1, 4L * h));
            INDArray dx = dz.mmul(w.transpose()).reshape('c', steps, batch, f.x2().size(1)).permute(1, 2, 0);
            epsOut = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dx.dataType(), dx.shape(), 'f');
            epsOut.assign(dx);
        }
        Gradient g = new DefaultGradient();
        g.setGradientFor(W, gradientViews.get(W));
        g.setGradientFor(RW, gradientViews.get(RW));
        g.setGradientFor(B, gradientViews.get(B));
        weightNoiseParams.clear();
        return new Pair<>(g, backpropDropOutIfPresent(permuteIfNWC(epsOut)));
    }
}
