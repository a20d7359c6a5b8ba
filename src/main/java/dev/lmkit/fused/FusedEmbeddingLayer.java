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
import org.nd4j.linalg.factory.Nd4j;

/**
 * The embedding lookup of {@link FusedEmbedding}. Forward is DL4J's; the backward pass scatters the
 * incoming gradient rows into the weight gradient without recomputing the lookup, and with tied
 * weights it adds to what {@link TiedSoftmaxOutputLayer} wrote there earlier in the same backward
 * pass (DL4J runs the layers' backward passes from the output down, so the softmax layer is first).
 */
public class FusedEmbeddingLayer extends EmbeddingSequenceLayer {
    private static final String W = DefaultParamInitializer.WEIGHT_KEY;

    public FusedEmbeddingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        if (maskArray != null) throw new UnsupportedOperationException("the fused embedding does not support masks");
        int batch = (int) epsilon.size(0), nOut = (int) epsilon.size(1), steps = (int) epsilon.size(2);
        int[] ids = input.dup('c').data().asInt(); // entry b·steps + t
        INDArray rows = epsilon.permute(0, 2, 1).dup('c').reshape('c', (long) batch * steps, nOut);
        INDArray weightGradient = gradientViews.get(W);
        if (!((FusedEmbedding) layerConf()).isSharedWithOutput()) weightGradient.assign(0);
        Nd4j.scatterUpdate(ScatterUpdate.UpdateOp.ADD, weightGradient, Nd4j.createFromArray(ids), rows, 1); // as DL4J's own layer
        Gradient g = new DefaultGradient();
        g.setGradientFor(W, weightGradient);
        return new Pair<>(g, null);
    }
}
