package dev.lmkit.model;

import dev.lmkit.fused.FusedLstm;
import dev.lmkit.fused.FusedSoftmaxOutput;
import dev.lmkit.fused.Threads;
import dev.lmkit.config.LmConfig;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

/**
 * Compiles a config to a DL4J network: EmbeddingSequenceLayer → LSTM × N → RnnOutputLayer
 * (softmax, sparse cross-entropy on integer labels). Dropout as in Zaremba et al. sits on the
 * non-recurrent connections only: the input of every LSTM and of the softmax layer. With
 * {@code model.impl: fused} the LSTM and softmax layers are lmkit's {@link FusedLstm} and
 * {@link FusedSoftmaxOutput}: the same parameters and results, computed with fewer, larger operations.
 */
public final class NetworkFactory {
    private NetworkFactory() {
    }

    public static MultiLayerConfiguration configuration(LmConfig config, int vocabSize) {
        return configuration(config, vocabSize, DataType.FLOAT);
    }

    public static MultiLayerConfiguration configuration(LmConfig config, int vocabSize, DataType dataType) {
        LmConfig.Model m = config.model();
        LmConfig.Train t = config.train();
        var builder = new NeuralNetConfiguration.Builder()
                .seed(t.seed())
                .dataType(dataType)
                .updater(updater(t, t.lr()));
        if (m.initRange() > 0) {
            builder.weightInit(new WeightInitDistribution(new UniformDistribution(-m.initRange(), m.initRange())));
        } else {
            builder.weightInit(WeightInit.XAVIER);
        }
        var list = builder.list();
        list.layer(new EmbeddingSequenceLayer.Builder()
                .nIn(vocabSize).nOut(m.embedding())
                .inputLength(t.bptt())
                .outputDataFormat(RNNFormat.NCW)
                .build());
        int in = m.embedding();
        for (int size : m.hidden()) {
            var lstm = new LSTM.Builder().nIn(in).nOut(size).forgetGateBiasInit(m.forgetBias())
                    .activation(Activation.TANH).gateActivationFunction(Activation.SIGMOID)
                    .dataFormat(RNNFormat.NCW);
            if (m.dropout() > 0) lstm.dropOut(new Dropout(1 - m.dropout()));
            list.layer("fused".equals(m.impl()) ? FusedLstm.of(lstm.build()) : lstm.build());
            in = size;
        }
        var output = new RnnOutputLayer.Builder().nIn(in).nOut(vocabSize)
                .activation(Activation.SOFTMAX)
                .lossFunction(new LossSparseMCXENT())
                .dataFormat(RNNFormat.NCW);
        if (m.dropout() > 0) output.dropOut(new Dropout(1 - m.dropout()));
        list.layer("fused".equals(m.impl()) ? FusedSoftmaxOutput.of(output.build()) : output.build());
        // Truncated BPTT makes DL4J run each window from the stored state; the trainer carries it over.
        return list.backpropType(BackpropType.TruncatedBPTT).tBPTTLength(t.bptt()).build();
    }

    public static IUpdater updater(LmConfig.Train t, double lr) {
        return "adam".equals(t.optimizer()) ? new Adam(lr) : new Sgd(lr);
    }

    public static MultiLayerNetwork create(LmConfig config, int vocabSize) {
        Threads.configure();
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(config, vocabSize));
        net.init();
        return net;
    }
}
