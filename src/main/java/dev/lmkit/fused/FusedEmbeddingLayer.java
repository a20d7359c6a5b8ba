package dev.lmkit.fused;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.embedding.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scatter.ScatterUpdate;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The embedding lookup of {@link FusedEmbedding}. Forward is DL4J's, then in training the rows of
 * dropped word types are zeroed and the rest scaled (embedding dropout); the backward pass scatters the
 * incoming gradient rows into the weight gradient without recomputing the lookup, and with tied
 * weights it adds to what {@link TiedSoftmaxOutputLayer} wrote there earlier in the same backward
 * pass (DL4J runs the layers' backward passes from the output down, so the softmax layer is first).
 */
public class FusedEmbeddingLayer extends EmbeddingSequenceLayer {
    private static final String W = DefaultParamInitializer.WEIGHT_KEY;

    /** Per token (entry b·steps + t) the scale its row got from embedding dropout in this forward pass: 0 or 1 / (1 − p). */
    private INDArray tokenScale;

    public FusedEmbeddingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        INDArray out = super.activate(training, mgr); // [batch, nOut, steps]
        double rate = ((FusedEmbedding) layerConf()).getTypeDropout();
        tokenScale = null;
        if (!training || rate == 0) return out;
        int vocab = (int) layerConf().getNIn();
        int[] ids = ids();
        double[] scale = new double[ids.length];
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            INDArray keep = Nd4j.createUninitialized(DataType.DOUBLE, vocab);
            Nd4j.getExecutioner().exec(new BernoulliDistribution(keep, 1 - rate));
            double[] kept = keep.toDoubleVector();
            for (int i = 0; i < ids.length; i++) scale[i] = kept[ids[i]] / (1 - rate);
            tokenScale = Nd4j.createFromArray(scale).castTo(out.dataType()).reshape(out.size(0), out.size(2));
        }
        return Broadcast.mul(out, tokenScale, out, 0, 2);
    }

    /** The input token ids, entry b·steps + t. */
    private int[] ids() {
        return input.dup('c').data().asInt();
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        if (maskArray != null) throw new UnsupportedOperationException("the fused embedding does not support masks");
        int batch = (int) epsilon.size(0), nOut = (int) epsilon.size(1), steps = (int) epsilon.size(2);
        int[] ids = ids();
        INDArray rows = epsilon.permute(0, 2, 1).dup('c').reshape('c', (long) batch * steps, nOut);
        if (tokenScale != null) rows.muliColumnVector(tokenScale.reshape((long) batch * steps, 1));
        INDArray weightGradient = gradientViews.get(W);
        if (!((FusedEmbedding) layerConf()).isSharedWithOutput()) weightGradient.assign(0);
        Nd4j.scatterUpdate(ScatterUpdate.UpdateOp.ADD, weightGradient, Nd4j.createFromArray(ids), rows, 1); // as DL4J's own layer
        Gradient g = new DefaultGradient();
        g.setGradientFor(W, weightGradient);
        return new Pair<>(g, null);
    }
}
