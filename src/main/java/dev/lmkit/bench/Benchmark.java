package dev.lmkit.bench;

import dev.lmkit.config.ModelConfig;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.BpttBatches;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.corpus.Vocabulary;
import dev.lmkit.eval.Scorer;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.model.NetworkFactory;
import dev.lmkit.model.TrainingState;
import dev.lmkit.sample.Sampler;
import dev.lmkit.train.StateReset;
import dev.lmkit.train.TrainingStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs one workload the way lmkit's commands run it: training steps through {@link TrainingStep}
 * (what {@code train} runs), evaluation through {@link Scorer#textNll} (what {@code eval} runs) and
 * generation through {@link Sampler} (what {@code sample} runs; batch 1, and 32 samples side by side as
 * {@code sample --count 32}), on random token ids, each after warm-up, timed by the wall clock.
 */
public final class Benchmark {
    private Benchmark() {
    }

    public static Map<String, Object> run(Workload w, String impl) {
        PeakMemory.reset();
        LmConfig config = w.config(impl.equals("dl4j") ? ModelConfig.Impl.DL4J : ModelConfig.Impl.FUSED);
        MultiLayerNetwork net = NetworkFactory.create(config, w.vocab());
        SplittableRandom random = new SplittableRandom(1);
        Map<String, Object> out = new LinkedHashMap<>();
        double train = trainTokensPerSecond(w, net, random);
        out.put("train_tokens_per_s", round(train));
        double eval = evalTokensPerSecond(w, net, random);
        out.put("eval_tokens_per_s", round(eval));
        ModelBundle bundle = new ModelBundle(net, vocabulary(w, config), config, TrainingState.start(w.lr()));
        out.put("sample_tokens_per_s", round(sampleTokensPerSecond(w, bundle, 1)));
        out.put("sample_batch32_tokens_per_s", round(sampleTokensPerSecond(w, bundle, BATCHED_SAMPLES)));
        out.put("peak_rss_mb", round(PeakMemory.megabytes()));
        out.put("train_gflops", round(3 * w.forwardFlopsPerToken() * train / 1e9));
        out.put("eval_gflops", round(w.forwardFlopsPerToken() * eval / 1e9));
        return out;
    }

    private static double trainTokensPerSecond(Workload w, MultiLayerNetwork net, SplittableRandom random) {
        int steps = w.warmupSteps() + w.trainSteps();
        BpttBatches batches = new BpttBatches(w.randomIds(random, steps * w.batch() * w.bptt() + w.batch()), w.batch(), w.bptt());
        TrainingStep step = new TrainingStep(net, w.batch(), w.clipNorm(), StateReset.never());
        net.rnnClearPreviousState();
        long start = 0;
        for (int i = 0; i < steps; i++) {
            if (i == w.warmupSteps()) start = System.nanoTime();
            step.run(batches.inputs(i), batches.labels(i), i, 0);
        }
        return (double) w.trainSteps() * w.batch() * w.bptt() / ((System.nanoTime() - start) / 1e9);
    }

    private static double evalTokensPerSecond(Workload w, MultiLayerNetwork net, SplittableRandom random) {
        int[] warm = w.randomIds(random, 4 * w.batch() * w.bptt() + 1);
        Scorer.textNll(net, warm, w.batch(), w.bptt());
        int[] ids = w.randomIds(random, w.evalTokens() + 1);
        long start = System.nanoTime();
        long tokens = Scorer.textNll(net, ids, w.batch(), w.bptt()).tokens();
        return tokens / ((System.nanoTime() - start) / 1e9);
    }

    static final int BATCHED_SAMPLES = 32;

    /**
     * Tokens generated per second over all {@code count} samples; a batch runs a tenth of the steps. The warm-up
     * generates as many tokens as the timed run: after a short warm-up the JIT is still compiling the step's code in
     * the timed run.
     */
    private static double sampleTokensPerSecond(Workload w, ModelBundle bundle, int count) {
        int length = count == 1 ? w.sampleTokens() : Math.max(10, w.sampleTokens() / 10);
        Sampler.sample(bundle, new Sampler.Options("", length, 1.0, 0, 1.0, 1, count), null);
        long start = System.nanoTime();
        Sampler.sample(bundle, new Sampler.Options("", length, 1.0, 0, 1.0, 2, count), null);
        return (double) length * count / ((System.nanoTime() - start) / 1e9);
    }

    /** A vocabulary of the workload's size: the reserved symbols, then stand-in tokens. */
    private static Vocabulary vocabulary(Workload w, LmConfig config) {
        List<String> tokens = new ArrayList<>(List.of(Vocabulary.UNK, Corpus.tokenizer(config.data()).lineEnd()));
        for (int i = tokens.size(); i < w.vocab(); i++) tokens.add("char".equals(w.mode()) ? Character.toString(0x100 + i) : "w" + i);
        return new Vocabulary(tokens);
    }

    /** The machine's sgemm rate, OpenBLAS on every core: best of a few 1024³ products. */
    public static double sgemmGflops() {
        int threads = Nd4j.factory().blas().getMaxThreads();
        Nd4j.factory().blas().setMaxThreads(Runtime.getRuntime().availableProcessors());
        try {
            return bestSgemmGflops();
        } finally {
            Nd4j.factory().blas().setMaxThreads(threads);
        }
    }

    private static double bestSgemmGflops() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 1024, 1024), b = Nd4j.rand(DataType.FLOAT, 1024, 1024);
        INDArray c = Nd4j.create(DataType.FLOAT, 1024, 1024);
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 8; i++) {
            long t0 = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return round(2.0 * 1024 * 1024 * 1024 / best / 1e9);
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
