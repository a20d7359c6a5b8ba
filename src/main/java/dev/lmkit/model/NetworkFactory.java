package dev.lmkit.model;

import dev.lmkit.Messages;
import dev.lmkit.config.TrainConfig;
import dev.lmkit.config.ModelConfig;
import dev.lmkit.fused.FusedEmbedding;
import dev.lmkit.fused.FusedLstm;
import dev.lmkit.fused.LockedDropout;
import dev.lmkit.fused.AdaptiveSoftmax;
import dev.lmkit.fused.AdaptiveSoftmaxOutput;
import dev.lmkit.fused.FusedSoftmaxOutput;
import dev.lmkit.fused.Threads;
import dev.lmkit.fused.TiedSoftmaxOutput;
import dev.lmkit.LmkitException;
import dev.lmkit.config.LmConfig;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.AMSGrad;
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
 * With {@code model.tie_weights} the output layer is a {@link TiedSoftmaxOutput}, which uses the
 * embedding matrix as its weights.
 */
public final class NetworkFactory {
    private NetworkFactory() {
    }

    public static MultiLayerConfiguration configuration(LmConfig config, int vocabSize) {
        return configuration(config, vocabSize, DataType.FLOAT);
    }

    public static MultiLayerConfiguration configuration(LmConfig config, int vocabSize, DataType dataType) {
        ModelConfig m = config.model();
        TrainConfig t = config.train();
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
        boolean fused = m.impl() == ModelConfig.Impl.FUSED;
        EmbeddingSequenceLayer embedding = new EmbeddingSequenceLayer.Builder()
                .nIn(vocabSize).nOut(m.embedding())
                .inputLength(t.bptt())
                .outputDataFormat(RNNFormat.NCW)
                .build();
        list.layer(fused ? FusedEmbedding.of(embedding, m.tieWeights(), m.dropoutEmbedding()) : embedding);
        int in = m.embedding();
        for (int i = 0; i < m.hidden().size(); i++) {
            int size = m.hidden().get(i);
            var lstm = new LSTM.Builder().nIn(in).nOut(size).forgetGateBiasInit(m.forgetBias())
                    .activation(Activation.TANH).gateActivationFunction(Activation.SIGMOID)
                    .dataFormat(RNNFormat.NCW);
            IDropout dropout = dropout(m, i == 0 ? m.dropoutInput() : m.dropoutHidden());
            if (dropout != null) lstm.dropOut(dropout);
            list.layer(fused ? FusedLstm.of(lstm.build(), m.weightDrop()) : lstm.build());
            in = size;
        }
        var output = new RnnOutputLayer.Builder().nIn(in).nOut(vocabSize)
                .activation(Activation.SOFTMAX)
                .lossFunction(new LossSparseMCXENT())
                .dataFormat(RNNFormat.NCW);
        IDropout outputDropout = dropout(m, m.dropoutOutput());
        if (outputDropout != null) output.dropOut(outputDropout);
        if (m.softmax() == ModelConfig.Softmax.ADAPTIVE) {
            long own = adaptiveShape(config, vocabSize).numParams();
            list.layer(m.tieWeights() ? AdaptiveSoftmaxOutput.tied(output.build(), cutoffs(m, vocabSize), m.cutoffDiv(), parameters(config, vocabSize) - own)
                    : AdaptiveSoftmaxOutput.of(output.build(), cutoffs(m, vocabSize), m.cutoffDiv()));
        } else if (m.tieWeights()) {
            list.layer(TiedSoftmaxOutput.of(output.build(), parameters(config, vocabSize) - vocabSize));
        } else {
            list.layer(fused ? FusedSoftmaxOutput.of(output.build()) : output.build());
        }
        // Truncated BPTT makes DL4J run each window from the stored state; the trainer carries it over.
        return list.backpropType(BackpropType.TruncatedBPTT).tBPTTLength(t.bptt()).build();
    }

    /** Zaremba's per-element dropout, or locked dropout at {@code lockedRate}, or none. */
    private static IDropout dropout(ModelConfig m, double lockedRate) {
        if (lockedRate > 0) return new LockedDropout(lockedRate);
        return m.dropout() > 0 ? new Dropout(1 - m.dropout()) : null;
    }

    /** The adaptive softmax's cutoffs, refused in one line when they do not split this vocabulary. */
    private static int[] cutoffs(ModelConfig m, int vocabSize) {
        int[] cutoffs = m.cutoffs().stream().mapToInt(Integer::intValue).toArray();
        if (cutoffs[cutoffs.length - 1] >= vocabSize) {
            throw new LmkitException("model.cutoffs " + m.cutoffs() + " do not split a vocabulary of " + vocabSize
                    + " words: the last cutoff must be below it");
        }
        try {
            return new AdaptiveSoftmax.Shape(m.hidden().get(m.hidden().size() - 1), vocabSize, cutoffs, m.cutoffDiv()).cutoffs();
        } catch (IllegalArgumentException e) {
            throw new LmkitException("model.cutoffs " + m.cutoffs() + " with model.cutoff_div " + m.cutoffDiv() + ": " + e.getMessage());
        }
    }

    private static AdaptiveSoftmax.Shape adaptiveShape(LmConfig config, int vocabSize) {
        ModelConfig m = config.model();
        return new AdaptiveSoftmax.Shape(m.hidden().get(m.hidden().size() - 1), vocabSize, cutoffs(m, vocabSize), m.cutoffDiv(), m.tieWeights());
    }

    /**
     * Unique parameters of the network a config compiles to: embedding, each LSTM layer (4 gates),
     * softmax (its bias only when its weights are the embedding's; the adaptive softmax's head and clusters).
     */
    public static long parameters(LmConfig config, int vocabSize) {
        try {
            long n = Math.multiplyExact((long) config.model().embedding(), vocabSize), in = config.model().embedding();
            for (int h : config.model().hidden()) {
                n = Math.addExact(n, Math.multiplyExact(4L * h, in + h + 1));
                in = h;
            }
            if (config.model().softmax() == ModelConfig.Softmax.ADAPTIVE) return Math.addExact(n, adaptiveShape(config, vocabSize).numParams());
            return Math.addExact(n, Math.multiplyExact(config.model().tieWeights() ? 1 : in + 1, vocabSize));
        } catch (ArithmeticException e) {
            throw new LmkitException("the network is too large: its parameter count overflows (model.embedding="
                    + config.model().embedding() + ", model.hidden=" + dev.lmkit.Messages.quote(config.model().hidden()) + ", vocabulary " + vocabSize + ")");
        }
    }

    /**
     * Refuses a network whose weights, gradients and optimizer state (float32; Adam keeps two more
     * copies, NT-ASGD one for the mean) cannot fit in the off-heap memory ND4J may use: allocating it anyway crashed the JVM.
     */
    public static void checkMemory(LmConfig config, int vocabSize) {
        checkMemory(config, vocabSize, org.bytedeco.javacpp.Pointer.maxBytes());
    }

    static void checkMemory(LmConfig config, int vocabSize, long maxBytes) {
        long copies = 2 + switch (config.train().optimizer()) { case ADAM -> 2; case AMSGRAD -> 3; case NTASGD -> 1; case SGD -> 0; };
        long params = parameters(config, vocabSize);
        double need = (double) params * 4 * copies;
        if (maxBytes > 0 && need > maxBytes) {
            throw new LmkitException(String.format(java.util.Locale.ROOT, "the network is too large for this JVM: %,d parameters need "
                    + "about %.1f GB for weights, gradients and optimizer state, and ND4J may use at most %.1f GB off-heap here "
                    + "(model.embedding=%d, model.hidden=%s, vocabulary %d; ./lmkit takes the limit from LMKIT_HEAP)",
                    params, need / 1e9, maxBytes / 1e9, config.model().embedding(), config.model().hidden(), vocabSize));
        }
    }

    public static IUpdater updater(TrainConfig t, double lr) {
        return switch (t.optimizer()) {
            case ADAM -> new Adam(lr, Adam.DEFAULT_ADAM_BETA1_MEAN_DECAY, t.adamBeta2(), Adam.DEFAULT_ADAM_EPSILON);
            case AMSGRAD -> new AMSGrad(lr, AMSGrad.DEFAULT_AMSGRAD_BETA1_MEAN_DECAY, t.adamBeta2(), AMSGrad.DEFAULT_AMSGRAD_EPSILON);
            case SGD, NTASGD -> new Sgd(lr);
        };
    }

    /**
     * Logits one softmax pass may hold: the fused softmax reads them through one Java buffer, whose byte index is an
     * int. {@link dev.lmkit.eval.Scorer} keeps its batches under it; training is refused before it starts.
     */
    public static final long MAX_LOGITS = (1L << 29) - 1;

    /** Refuses a training setup whose softmax rows (batch × bptt, for training or validation) times the vocabulary exceed {@link #MAX_LOGITS}. */
    public static void checkSoftmax(LmConfig config, int vocabSize) {
        TrainConfig t = config.train();
        long rows = (long) Math.max(t.batch(), t.evalBatch()) * t.bptt(), logits = rows * vocabSize;
        if (logits > MAX_LOGITS) {
            throw new LmkitException(String.format(java.util.Locale.ROOT, "the softmax of one step is too large: %,d rows "
                    + "(train.batch %d or train.eval_batch %d, times train.bptt %d) × a vocabulary of %,d = %,d logits, over the %,d "
                    + "lmkit computes at once; lower train.batch, train.eval_batch or train.bptt, or the vocabulary (data.max_vocab, "
                    + "data.min_count)", rows, t.batch(), t.evalBatch(), t.bptt(), vocabSize, logits, MAX_LOGITS));
        }
    }

    public static MultiLayerNetwork create(LmConfig config, int vocabSize) {
        Threads.configure();
        checkMemory(config, vocabSize);
        checkSoftmax(config, vocabSize);
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(config, vocabSize));
        net.init();
        return net;
    }
}
