package dev.lmkit.train;

import dev.lmkit.LmkitException;
import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.BpttBatches;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.eval.Nll;
import dev.lmkit.eval.Scorer;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.model.NetworkFactory;
import dev.lmkit.model.TrainingState;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Truncated-BPTT training with the hidden state carried from window to window (reset at every epoch
 * start), global gradient clipping, learning-rate schedules, validation, early stopping and
 * atomic checkpoints ({@code last.zip} every epoch, {@code best.zip} on improvement). Dropout noise
 * is re-seeded from (seed, epoch) at each epoch start, which makes {@code --resume} from the last
 * checkpoint reproduce an uninterrupted run exactly.
 */
public final class Trainer {

    /** {@code listeners} are DL4J training listeners (e.g. the dashboard's); each sees every step. */
    public record Options(Path runDir, boolean resume, boolean quiet, PrintStream log, List<TrainingListener> listeners) {
        public Options(Path runDir, boolean resume, boolean quiet, PrintStream log) {
            this(runDir, resume, quiet, log, List.of());
        }

        public Options(Path runDir, boolean resume) {
            this(runDir, resume, false, System.err);
        }
    }

    public record Result(Path runDir, TrainingState state, Nll valid, Nll test, double tokensPerSecond) {
    }

    private final LmConfig config;
    private final LmConfig.Train t;
    private final Corpus corpus;
    private final Options options;
    private final Progress progress;
    private MultiLayerNetwork net;
    private TrainingState state;
    private MetricsCsv metrics;
    private TrainingStep trainingStep;
    private long trainNanos;
    private long trainTokens;
    private double windowLossSum;
    private long windowLossTokens;

    private Trainer(LmConfig config, Corpus corpus, Options options) {
        this.config = config;
        this.t = config.train();
        this.corpus = corpus;
        this.options = options;
        this.progress = new Progress(options.log(), options.quiet());
    }

    public static Result train(LmConfig config, Corpus corpus, Options options) {
        return new Trainer(config, corpus, options).run();
    }

    private Result run() {
        Path dir = options.runDir();
        start(dir);
        BpttBatches batches = new BpttBatches(corpus.train().ids(), t.batch(), t.bptt());
        int windows = t.maxStepsPerEpoch() > 0 ? Math.min(t.maxStepsPerEpoch(), batches.windows()) : batches.windows();
        while (state.epoch() < t.epochs() && !state.stopped()) {
            int epoch = state.epoch() + 1;
            double lr = LearningRate.forEpoch(t, epoch, state.lr());
            net.setLearningRate(lr);
            state = state.startingEpoch(lr);
            Nd4j.getRandom().setSeed(t.seed() * 1_000_003L + epoch);
            net.rnnClearPreviousState();
            progress.startEpoch();
            windowLossSum = 0;
            windowLossTokens = 0;
            for (int w = 0; w < windows; w++) {
                step(batches, w, epoch);
                progress.step(epoch, t.epochs(), w, windows, windowLossSum / windowLossTokens, tokensPerSecond());
                if (t.evalEvery() > 0 && state.step() % t.evalEvery() == 0 && w + 1 < windows) {
                    validateMidEpoch(epoch - 1 + (w + 1.0) / windows);
                }
            }
            endEpoch(epoch);
        }
        return finish(dir);
    }

    private void start(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.yaml"), ConfigLoader.toYaml(config));
        } catch (IOException e) {
            throw new LmkitException("cannot create run directory " + dir + ": " + e.getMessage());
        }
        Path last = dir.resolve("last.zip");
        if (options.resume()) {
            if (!Files.exists(last)) throw new LmkitException("nothing to resume: no last.zip in " + dir);
            ModelBundle bundle = ModelBundle.load(last);
            if (!bundle.vocab().equals(corpus.vocab())) {
                throw new LmkitException("model/vocabulary mismatch: the corpus gives a different vocabulary than " + last);
            }
            net = bundle.net();
            state = bundle.state();
            progress.message("resuming " + dir + " after epoch " + state.epoch() + " (step " + state.step() + ")");
        } else {
            if (Files.exists(last) || Files.exists(dir.resolve("best.zip"))) {
                throw new LmkitException("run directory already holds a model (use --resume, or another --out): " + dir);
            }
            net = NetworkFactory.create(config, corpus.vocab().size());
            state = TrainingState.start(t.lr());
        }
        if (!options.listeners().isEmpty()) net.setListeners(options.listeners());
        metrics = new MetricsCsv(dir.resolve("metrics.csv"), state.step());
        trainingStep = new TrainingStep(net, t.batch(), t.clipNorm(), new StateReset(t.stateReset(), t.seed()));
    }

    private void step(BpttBatches batches, int window, int epoch) {
        long t0 = System.nanoTime();
        TrainingStep.Outcome out = trainingStep.run(batches.inputs(window), batches.labels(window), (int) state.step(), epoch - 1);
        int steps = batches.stepsIn(window);
        double windowNll = out.nll();
        if (!out.finite()) {
            throw new LmkitException("training diverged (loss " + windowNll + ", gradient norm " + out.gradientNorm() + ") at epoch "
                    + epoch + ", step " + (state.step() + 1) + "; lower train.lr or set train.clip_norm. Last good checkpoint kept in "
                    + options.runDir());
        }
        trainNanos += System.nanoTime() - t0;
        trainTokens += (long) t.batch() * steps;
        windowLossSum += windowNll;
        windowLossTokens += (long) t.batch() * steps;
        state = state.afterStep();
    }

    private double tokensPerSecond() {
        return trainNanos == 0 ? 0 : trainTokens / (trainNanos / 1e9);
    }

    /** Validates without disturbing the carried training state. */
    private void validateMidEpoch(double epochPosition) {
        Map<Integer, Map<String, INDArray>> saved = new HashMap<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            if (net.getLayer(i) instanceof RecurrentLayer) saved.put(i, net.rnnGetPreviousState(i));
        }
        Nll valid = validate(epochPosition);
        saved.forEach(net::rnnSetPreviousState);
        if (valid != null && valid.perplexity() < state.bestValidPpl()) {
            state = state.validated(valid.perplexity(), true);
            save("best.zip", state);
        }
    }

    private Nll validate(double epochPosition) {
        if (corpus.valid().length() < 2) return null;
        Nll valid = Scorer.textNll(net, corpus.valid().ids(), t.evalBatch(), t.bptt());
        metrics.append(new MetricsCsv.Row(epochPosition, state.step(), state.lr(), windowLossSum / windowLossTokens,
                valid.mean(), tokensPerSecond(), trainNanos / 1e9));
        progress.message(String.format(java.util.Locale.ROOT, "epoch %.2f step %d: valid ppl %.2f (train ppl %.2f, lr %.4g)",
                epochPosition, state.step(), valid.perplexity(), Math.exp(windowLossSum / windowLossTokens), state.lr()));
        return valid;
    }

    private void endEpoch(int epoch) {
        Nll valid = validate(epoch);
        boolean improved = valid != null && valid.perplexity() < state.bestValidPpl();
        TrainingState next = valid == null ? state : state.validated(valid.perplexity(), improved);
        double lr = valid == null ? state.lr() : LearningRate.afterValidation(t, state.lr(), improved);
        boolean stop = t.patience() > 0 && next.badEpochs() >= t.patience();
        state = next.endOfEpoch(epoch, lr, stop);
        if (improved) save("best.zip", state);
        save("last.zip", state);
        if (stop) progress.message("early stopping: no improvement for " + t.patience() + " epochs");
    }

    private void save(String name, TrainingState s) {
        new ModelBundle(net, corpus.vocab(), config, s).save(options.runDir().resolve(name));
    }

    private Result finish(Path dir) {
        try {
            LearningCurves.write(MetricsCsv.read(dir.resolve("metrics.csv")), "learning curves: " + dir.getFileName(),
                    dir.resolve("curves.png"));
        } catch (IOException e) {
            progress.message("could not write curves.png: " + e.getMessage());
        }
        ModelBundle best = ModelBundle.load(dir);
        MultiLayerNetwork bestNet = best.net();
        Nll valid = corpus.valid().length() < 2 ? null : Scorer.textNll(bestNet, corpus.valid().ids(), t.evalBatch(), t.bptt());
        Nll test = corpus.test().length() < 2 ? null : Scorer.textNll(bestNet, corpus.test().ids(), t.evalBatch(), t.bptt());
        return new Result(dir, state, valid, test, tokensPerSecond());
    }
}
