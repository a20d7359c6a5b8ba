package dev.lmkit.fused;

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
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.factory.Nd4j;

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
                           INDArray h0, INDArray c0, int batch, int steps, INDArray rw, INDArray rwKeep) {
        INDArray rows(INDArray a, int t) {
            return a.get(interval((long) t * batch, (long) (t + 1) * batch), all());
        }
    }

    private final Scratch scratch = new Scratch();
    // the weights packed for ordered products, kept from pass to pass while they do not change (reading)
    private final OrderedProduct inputPacked = new OrderedProduct(), recurrentPacked = new OrderedProduct(), recurrentTPacked = new OrderedProduct();
    private Forward cache;
    private int[] ablated = new int[0];

    public FusedLstmLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        return forward(training, null, null, mgr);
    }

    @Override
    public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr mgr) {
        setInput(input, mgr);
        return activate(training, mgr);
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr mgr) {
        setInput(input, mgr);
        INDArray out = forward(false, stateMap.get(STATE_KEY_PREV_ACTIVATION), stateMap.get(STATE_KEY_PREV_MEMCELL), mgr);
        keepLastState(stateMap);
        return out;
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT, LayerWorkspaceMgr mgr) {
        setInput(input, mgr);
        INDArray out = forward(training, stateMap.get(STATE_KEY_PREV_ACTIVATION), stateMap.get(STATE_KEY_PREV_MEMCELL), mgr);
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

    /**
     * The last forward pass of stream {@code b} as arrays [step][unit]: block input, forget, output
     * and input gate activations, cell state and output. For reading, e.g. {@link dev.lmkit.inspect.LstmTrace}.
     */
    public double[][][] lastForward(int b) {
        if (cache == null) throw new IllegalStateException("no forward pass yet");
        int h = (int) layerConf().getNOut(), steps = cache.steps();
        double[][][] out = new double[6][steps][h];
        for (int t = 0; t < steps; t++) {
            double[] gates = cache.rows(cache.gates(), t).getRow(b).toDoubleVector();
            for (int g = 0; g < 4; g++) System.arraycopy(gates, g * h, out[g][t], 0, h);
            out[4][t] = cache.rows(cache.cells(), t).getRow(b).toDoubleVector();
            out[5][t] = cache.rows(cache.hidden(), t).getRow(b).toDoubleVector();
        }
        return out;
    }

    /**
     * Units whose output h is held at zero at every step from now on (none to end it), for reading only: a unit's h is
     * all that leaves it (to the next step, the layer above and the softmax), so this removes the unit; its cell
     * keeps running but is never seen. Not saved with the model.
     */
    public void ablate(int... units) {
        for (int u : units) {
            if (u < 0 || u >= layerConf().getNOut()) throw new IllegalArgumentException("no unit " + u + " in a layer of " + layerConf().getNOut());
        }
        ablated = units.clone();
    }

    /** Stores the last step's h and c outside any workspace: they live until the next call. */
    private void keepLastState(java.util.Map<String, INDArray> into) {
        int last = cache.steps() - 1;
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            into.put(STATE_KEY_PREV_ACTIVATION, cache.rows(cache.hidden(), last).dup());
            into.put(STATE_KEY_PREV_MEMCELL, cache.rows(cache.cells(), last).dup());
        }
    }

    private INDArray forward(boolean training, INDArray h0, INDArray c0, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        if (maskArray != null) throw new UnsupportedOperationException("the fused LSTM does not support masks");
        applyDropOutIfNecessary(training, mgr);
        INDArray x = permuteIfNWC(input);
        if (x.rank() == 2) x = x.reshape(x.size(0), x.size(1), 1);
        int batch = (int) x.size(0), nIn = (int) x.size(1), steps = (int) x.size(2);
        int h = (int) layerConf().getNOut();
        INDArray w = getParamWithNoise(W, training, mgr), rw = getParamWithNoise(RW, training, mgr), b = getParamWithNoise(B, training, mgr);
        DataType dt = w.dataType();
        INDArray rwKeep = null;
        double weightDrop = ((FusedLstm) layerConf()).getWeightDrop();
        if (training && weightDrop > 0) {
            rwKeep = scratch.get("rwKeep", dt, rw.size(0), rw.size(1));
            Nd4j.getExecutioner().exec(new BernoulliDistribution(rwKeep, 1 - weightDrop));
            rwKeep.divi(1 - weightDrop);
            INDArray dropped = scratch.get("rwDropped", dt, rw.size(0), rw.size(1));
            rw = dropped.assign(rw).muli(rwKeep);
        }
        long rows = (long) steps * batch;
        INDArray x2 = scratch.get("x2", dt, rows, nIn);
        x2.reshape('c', steps, batch, nIn).assign(x.permute(2, 0, 1));
        INDArray gates = scratch.get("gates", dt, rows, 4L * h);
        // the recurrent weights packed once for all steps (OpenBLAS repacks them on each); the input product of all steps
        // at once is OpenBLAS's, ordered under --deterministic
        OrderedProduct recurrentOrdered = OrderedProduct.fits(rw) ? recurrentPacked.of(rw, false) : null;
        if (!training && OrderedProduct.on(w)) inputPacked.of(w, false).apply(x2, gates);
        else Blas.product(x2, w, gates);
        INDArray cells = scratch.get("cells", dt, rows, h), tanhCells = scratch.get("tanhCells", dt, rows, h);
        INDArray hidden = scratch.get("hidden", dt, rows, h);
        INDArray hZero = scratch.get("h0", dt, batch, h), cZero = scratch.get("c0", dt, batch, h);
        if (h0 != null) hZero.assign(h0); else hZero.assign(0);
        if (c0 != null) cZero.assign(c0); else cZero.assign(0);
        INDArray recurrent = scratch.get("recurrent", dt, batch, 4L * h);
        Forward f = new Forward(x2, gates, cells, tanhCells, hidden, hZero, cZero, batch, steps, rw, rwKeep);
        LstmCells.Step cellStep = LstmCells.forward(gates, b, recurrent, cells, tanhCells, hidden, cZero, batch, h);
        INDArray hPrev = hZero;
        for (int t = 0; t < steps; t++) {
            if (recurrentOrdered != null) recurrentOrdered.apply(hPrev, recurrent);
            else Blas.product(hPrev, rw, recurrent);
            int step = t;
            Parts.run(batch, (long) batch * h, (part, from, to) -> cellStep.run(step, from, to));
            hPrev = f.rows(hidden, t);
            for (int u : ablated) hPrev.getColumn(u).assign(0);
        }
        cache = f;
        INDArray out = hidden.reshape('c', steps, batch, h).permute(1, 2, 0);
        INDArray result = mgr.createUninitialized(ArrayType.ACTIVATIONS, out.dataType(), out.shape(), 'f');
        result.assign(out);
        return result;
    }

    private Pair<Gradient, INDArray> backward(INDArray epsilon, int backLength, LayerWorkspaceMgr mgr) {
        if (cache == null) throw new IllegalStateException("backward pass without a forward pass");
        Forward f = cache;
        int h = (int) layerConf().getNOut(), batch = f.batch(), steps = f.steps();
        INDArray w = getParamWithNoise(W, true, mgr), rw = f.rw();
        DataType dt = w.dataType();
        long rows = (long) steps * batch;
        INDArray e = scratch.get("e", dt, rows, h);
        e.reshape('c', steps, batch, h).assign(permuteIfNWC(epsilon).permute(2, 0, 1));
        INDArray dz = scratch.get("dz", dt, rows, 4L * h);
        int first = Math.max(0, steps - backLength);
        if (first > 0) dz.assign(0);
        INDArray dhNext = scratch.get("dhNext", dt, batch, h);
        dhNext.assign(0);
        double[] dcNext = new double[batch * h];
        Buffers gz = Buffers.of(f.gates()), cs = Buffers.of(f.cells()), tcs = Buffers.of(f.tanhCells()), c0b = Buffers.of(f.c0());
        Buffers eb = Buffers.of(e), dzb = Buffers.of(dz), dhn = Buffers.of(dhNext);
        OrderedProduct recurrentT = OrderedProduct.fits(rw) ? recurrentTPacked.of(rw, true) : null; // packed once for all steps
        for (int t = steps - 1; t >= first; t--) {
            int step = t;
            Parts.run(batch, (long) batch * h, (part, from, to) -> backwardCells(step, from, to, batch, h, gz, cs, tcs, c0b, eb, dhn, dzb, dcNext));
            if (recurrentT != null) recurrentT.apply(f.rows(dz, t), dhNext);
            else Blas.gemm(f.rows(dz, t), false, rw, true, dhNext, 0.0);
        }
        INDArray hPrevAll = scratch.get("hPrevAll", dt, rows, h);
        hPrevAll.get(interval(0, batch), all()).assign(f.h0());
        if (steps > 1) {
            hPrevAll.get(interval(batch, rows), all()).assign(f.hidden().get(interval(0, (long) (steps - 1) * batch), all()));
        }
        Blas.gemm(f.x2(), true, dz, false, gradientViews.get(W), 0.0);
        Blas.gemm(hPrevAll, true, dz, false, gradientViews.get(RW), 0.0);
        if (f.rwKeep() != null) gradientViews.get(RW).muli(f.rwKeep()); // d/dRW of (RW ⊙ keep)
        gradientViews.get(B).assign(dz.sum(0).reshape(1, 4L * h));
        INDArray dx = scratch.get("dx", dt, rows, f.x2().size(1));
        Blas.gemm(dz, false, w, true, dx, 0.0);
        INDArray epsOut = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dt, new long[]{batch, dx.size(1), steps}, 'f');
        epsOut.assign(dx.reshape('c', steps, batch, dx.size(1)).permute(1, 2, 0));
        Gradient g = new DefaultGradient();
        g.setGradientFor(W, gradientViews.get(W));
        g.setGradientFor(RW, gradientViews.get(RW));
        g.setGradientFor(B, gradientViews.get(B));
        weightNoiseParams.clear();
        return new Pair<>(g, backpropDropOutIfPresent(permuteIfNWC(epsOut)));
    }

    /** Gate pre-activation gradients of step t for batch rows [from, to), given dL/dh of the next step in dhn. */
    private static void backwardCells(int t, int from, int to, int batch, int h, Buffers gz, Buffers cs, Buffers tcs, Buffers c0,
                                      Buffers eb, Buffers dhn, Buffers dzb, double[] dcNext) {
        int gateRow = 4 * h, f = Gates.FORGET * h, o = Gates.OUTPUT * h, in = Gates.INPUT * h;
        for (int bi = from; bi < to; bi++) {
            int zRow = (t * batch + bi) * gateRow, hRow = (t * batch + bi) * h;
            for (int j = 0; j < h; j++) {
                double a = gz.get(zRow + j), fg = gz.get(zRow + f + j), og = gz.get(zRow + o + j), ig = gz.get(zRow + in + j);
                double tc = tcs.get(hRow + j);
                double cPrev = t == 0 ? c0.get(bi * h + j) : cs.get(hRow - batch * h + j);
                double dh = eb.get(hRow + j) + dhn.get(bi * h + j);
                double dc = dh * og * (1 - tc * tc) + dcNext[bi * h + j];
                dzb.set(zRow + j, dc * ig * (1 - a * a));
                dzb.set(zRow + f + j, dc * cPrev * fg * (1 - fg));
                dzb.set(zRow + o + j, dh * tc * og * (1 - og));
                dzb.set(zRow + in + j, dc * a * ig * (1 - ig));
                dcNext[bi * h + j] = dc * fg;
            }
        }
    }
}
