package dev.lmkit.train;

import dev.lmkit.config.TrainConfig;
import dev.lmkit.LmkitException;
import dev.lmkit.OutputFiles;
import dev.lmkit.fused.NumberObjective;
import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.corpus.SubwordTokenizer;
import dev.lmkit.corpus.Subwords;
import dev.lmkit.eval.Nll;
import dev.lmkit.eval.Scorer;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.model.NetworkFactory;
import dev.lmkit.model.TrainingState;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The training loop, on one machine and on a cluster alike: epochs made of segments ({@link TrainingSegments}: a window
 * trained from the carried state here, an averaging round on a cluster), learning-rate schedules, validation (each epoch,
 * and every {@code train.eval_every} windows), early stopping, NT-ASGD's weight average, and atomic checkpoints
 * ({@code last.zip} every epoch, then {@code best.zip} on improvement). A {@link StopRequest} (Ctrl-C, SIGTERM) or
 * {@code train.time_budget} ends the run after the current segment with a mid-epoch {@code last.zip} that holds what the
 * segments need to go on (on one machine the carried state), so {@code --resume} from any checkpoint reproduces an
 * uninterrupted run exactly; the clock in a checkpoint makes the budget span resumes.
 */
public final class Trainer {

    /** {@code listeners}: DL4J listeners (the dashboard's), each sees every step; {@code initFrom}: weights a new run starts from, or null. */
    public record Options(Path runDir, boolean resume, boolean quiet, PrintStream log, List<TrainingListener> listeners,
                          StopRequest stop, Path initFrom) {
        public Options(Path runDir, boolean resume, boolean quiet, PrintStream log) {
            this(runDir, resume, quiet, log, List.of(), StopRequest.manual(), null);
        }

        public Options(Path runDir, boolean resume) {
            this(runDir, resume, false, System.err);
        }
    }

    /** {@code stoppedBy} is the {@link StopRequest#reason()} of a run stopped before its last epoch, else null. */
    public record Result(Path runDir, TrainingState state, Nll valid, Nll test, double tokensPerSecond, String stoppedBy) {
    }

    private final LmConfig config;
    private final TrainConfig t;
    private final Corpus corpus;
    private final Options options;
    private final TrainingSegments.Factory factory;
    private final Progress progress;
    private TrainingSegments segments;
    private MultiLayerNetwork net;
    private TrainingState state;
    private MetricsCsv metrics;
    private StepLossCsv stepLoss;
    private WeightAverage average; // NT-ASGD once triggered, else null
    private final RunClock clock;
    private NumberObjective number;

    private Trainer(LmConfig config, Corpus corpus, Options options, TrainingSegments.Factory factory) {
        this.config = config;
        this.t = config.train();
        this.corpus = corpus;
        this.options = options;
        this.factory = factory;
        this.progress = new Progress(options.log(), options.quiet(), config.data().charLevel());
        this.clock = new RunClock(t, options.stop());
    }

    /** The run directory refusals, for callers that want them before the slow part (loading the corpus); {@link #train} checks again. */
    public static void checkRunDirectory(Path runDir, boolean resume) {
        RunDirectory.checkOpenable(runDir, resume);
    }

    /** Trains on this machine. */
    public static Result train(LmConfig config, Corpus corpus, Options options) {
        return train(config, corpus, options, OneMachineSegments.factory(config, corpus));
    }

    /** Trains with {@code segments} doing the training itself (a cluster's averaging rounds, say) and this loop the rest. */
    public static Result train(LmConfig config, Corpus corpus, Options options, TrainingSegments.Factory segments) {
        return new Trainer(config, corpus, options, segments).run();
    }

    private Result run() {
        NetworkFactory.checkMemory(config, corpus.vocab().size()); // before anything is written
        ModelBundle initFrom = null;
        if (options.initFrom() != null) {
            initFrom = ModelBundle.load(options.initFrom());
            ResumeCheck.sameNetwork(initFrom, config, corpus, options.initFrom());
        }
        try (RunDirectory dir = RunDirectory.open(options.runDir(), options.resume(), options.log())) {
            try (TrainingSegments s = start(dir, initFrom)) {
                return epochs(s.units());
            }
        }
    }

    private Result epochs(int units) {
        while (state.epoch() < t.epochs() && !state.stopped()) {
            int epoch = state.epoch() + 1;
            boolean fromTheStart = state.window() == 0;
            if (fromTheStart) state = state.startingEpoch(LearningRate.forEpoch(t, epoch, state.lr(), clock.budgetSpent()));
            segments.startEpoch(fromTheStart, state.lr());
            progress.startEpoch(state.window());
            while (state.window() < units) {
                long windowsBefore = state.step() * segments.windowsPerUnit();
                train(state.window(), units, epoch);
                int done = state.window();
                progress.step(epoch, t.epochs(), done - 1, units, state.epochMeanLoss(), clock.tokensPerSecond());
                if (clock.stopReason() != null && done < units) return stop();
                long windows = state.step() * segments.windowsPerUnit();
                if (t.evalEvery() > 0 && windows / t.evalEvery() > windowsBefore / t.evalEvery() && done < units) {
                    validateMidEpoch(epoch - 1 + (double) done / units);
                }
            }
            endEpoch(epoch);
            if (clock.stopReason() != null && state.epoch() < t.epochs() && !state.stopped()) return stop();
        }
        return finish(null);
    }

    private TrainingSegments start(RunDirectory dir, ModelBundle initFrom) {
        Path run = options.runDir();
        Path from = null;
        if (dir.resumes()) {
            from = dir.resumeFrom(options.log());
            ModelBundle bundle = ModelBundle.load(from);
            ResumeCheck.compatible(bundle, config, corpus, from);
            net = bundle.net();
            state = bundle.state();
            long cap = CarriedState.maxBytes(net, t.batch());
            createNumberObjective();
            byte[] numberWeights = ModelBundle.extra(from, NumberObjective.ENTRY, cap);
            if (number != null && numberWeights != null) number.read(numberWeights, from.toString());
            byte[] mean = ModelBundle.extra(from, WeightAverage.ENTRY, cap);
            if (mean != null) average = WeightAverage.read(mean, from.toString(), net.numParams());
            clock.resume(from);
        } else {
            net = NetworkFactory.create(config, corpus.vocab().size());
            state = TrainingState.start(t.lr());
            createNumberObjective();
            if (initFrom != null) {
                net.setParams(initFrom.net().params().castTo(net.params().dataType()));
                progress.message("starting from the weights of " + options.initFrom());
            }
        }
        if (!options.listeners().isEmpty()) net.setListeners(options.listeners());
        segments = factory.start(net, number);
        if (from != null) {
            segments.resume(state, from);
            progress.message("resuming " + run + " after epoch " + state.epoch()
                    + (state.window() > 0 ? " and " + state.window() + " of " + segments.units() + " units" : "") + " (step " + state.step() + ")");
        }
        // every check before the first write: a refused run changes nothing in the directory
        MetricsCsv.check(run.resolve("metrics.csv"));
        StepLossCsv.check(run.resolve("steps.csv"));
        try {
            OutputFiles.write(run.resolve("config.yaml"), temp -> Files.writeString(temp, ConfigLoader.toYaml(config)));
        } catch (IOException e) {
            throw new LmkitException("cannot write " + run.resolve("config.yaml") + ": " + e.getMessage());
        }
        metrics = new MetricsCsv(run.resolve("metrics.csv"), state.step());
        stepLoss = new StepLossCsv(run.resolve("steps.csv"), segments.units() / 100, state.step());
        return segments;
    }

    private void createNumberObjective() {
        if (t.numberLoss() <= 0) return;
        var last = net.getLayer(net.getnLayers() - 1).conf().getLayer();
        number = new NumberObjective(t.numberLoss(), (int) ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) last).getNIn());
    }

    /** A graceful stop between two windows: last.zip with the carried state, then the test evaluation. A budget
     *  stop validates the partial epoch first (it may hold the best model); a Ctrl-C does not wait for that. */
    private Result stop() {
        if (state.window() > 0 && "time budget".equals(options.stop().reason())) {
            validateMidEpoch(state.epoch() + (double) state.window() / segments.units());
        }
        if (state.window() > 0) save("last.zip", state);
        options.stop().checkpointSaved();
        progress.message("stopped (" + options.stop().reason() + ") at epoch " + (state.epoch() + 1) + ", window " + state.window()
                + ", step " + state.step() + "; last.zip saved in " + options.runDir() + " (continue with --resume)");
        return finish(options.stop().reason());
    }

    private void train(int from, int units, int epoch) {
        long t0 = System.nanoTime();
        TrainingSegments.Segment done = segments.train(from, units, state, epoch);
        net = segments.net();
        if (done.diverged()) {
            throw new LmkitException("training diverged (loss " + done.nll() + ", gradient norm " + done.gradientNorm() + ") at epoch "
                    + epoch + ", step " + (state.step() + 1) + "; lower train.lr or set train.clip_norm. Last good checkpoint kept in "
                    + options.runDir());
        }
        clock.trained(System.nanoTime() - t0, done.tokens());
        state = state.afterSteps(done.units(), done.nll(), done.tokens());
        if (!Double.isNaN(done.nll())) stepLoss.add(state.step(), epoch - 1 + (double) state.window() / segments.units(), done.nll(), done.tokens());
        if (average != null) average.add(net.params());
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
        Nll valid = average == null ? Scorer.textNll(net, corpus.valid().ids(), t.evalBatch(), t.bptt())
                : average.in(net, () -> Scorer.textNll(net, corpus.valid().ids(), t.evalBatch(), t.bptt()));
        long words = subwords(corpus) == null ? -1 : Subwords.wordStarts(corpus.vocab(), corpus.valid().ids(), 1); // as eval counts them
        double wordLoss = words > 0 ? valid.sum() / words : Double.NaN;
        metrics.append(new MetricsCsv.Row(epochPosition, state.step(), state.lr(), state.epochMeanLoss(),
                valid.mean(), clock.tokensPerSecond(), clock.trainSeconds(), wordLoss));
        boolean chars = config.data().charLevel(); // one unit per model kind, as the progress bar
        progress.message(String.format(java.util.Locale.ROOT, chars ? "epoch %.2f step %d: valid %.3f bits/char%s (train %.3f, lr %.4g)%s"
                        : "epoch %.2f step %d: valid ppl %.2f%s (train ppl %.2f, lr %.4g)%s",
                epochPosition, state.step(), chars ? valid.bits() : valid.perplexity(),
                Double.isNaN(wordLoss) ? "" : String.format(java.util.Locale.ROOT, ", per word %.2f", Math.exp(wordLoss)),
                chars ? state.epochMeanLoss() / Math.log(2) : Math.exp(state.epochMeanLoss()), state.lr(),
                number == null ? "" : String.format(java.util.Locale.ROOT, "; next verb's number right on %.1f%% of training tokens",
                        100 * segments.numberAccuracy())));
        return valid;
    }

    private void endEpoch(int epoch) {
        Nll valid = validate(epoch);
        if (t.optimizer() == TrainConfig.Optimizer.NTASGD && average == null && valid != null
                && WeightAverage.triggered(state.epochValidPpl(), valid.perplexity(), t.nonmono())) {
            average = WeightAverage.starting(net.params());
            progress.message("NT-ASGD: validation worse than " + t.nonmono() + " epochs ago; averaging the weights from now on");
        }
        EpochEnd end = EpochEnd.of(t, state, epoch, valid);
        state = end.state();
        save("last.zip", state); // before best.zip: a run killed in between still has a checkpoint to resume from
        if (end.improved()) save("best.zip", state);
        if (end.stop()) progress.message("early stopping: no improvement for " + t.patience() + " epochs");
        segments.endEpoch(epoch);
    }

    /**
     * A checkpoint also records the training clock (so a resumed run's elapsed time, tokens/s and spent time budget
     * go on from there), and one taken mid-epoch the carried state, so that resuming from it is exact.
     */
    private void save(String name, TrainingState s) {
        Map<String, byte[]> extra = new HashMap<>();
        extra.put(TrainingClock.ENTRY, clock.checkpoint().bytes());
        extra.putAll(segments.checkpointEntries(s));
        if (number != null) extra.put(NumberObjective.ENTRY, number.write());
        Path file = options.runDir().resolve(name);
        if (average == null) {
            new ModelBundle(net, corpus.vocab(), config, s, subwords(corpus)).save(file, extra);
        } else if (name.equals("best.zip")) { // the model that validated: the averaged weights
            average.in(net, () -> {
                new ModelBundle(net, corpus.vocab(), config, s, subwords(corpus)).save(file, extra);
                return null;
            });
        } else {
            extra.put(WeightAverage.ENTRY, average.write());
            new ModelBundle(net, corpus.vocab(), config, s, subwords(corpus)).save(file, extra);
        }
    }

    private static Subwords subwords(Corpus corpus) {
        return corpus.tokenizer() instanceof SubwordTokenizer t ? t.subwords() : null;
    }

    private Result finish(String stoppedBy) {
        Path dir = options.runDir();
        try {
            LearningCurves.write(MetricsCsv.read(dir.resolve("metrics.csv")), StepLossCsv.read(dir.resolve("steps.csv")),
                    config.data().charLevel(), "learning curves: " + dir.getFileName(), dir.resolve("curves.png"));
        } catch (IOException | RuntimeException e) {
            progress.message("could not write curves.png: " + e.getMessage());
        }
        if (stoppedBy != null && options.stop().skipTest()) progress.message("test evaluation skipped");
        FinalEvaluation best = FinalEvaluation.of(dir, corpus, t, options.stop().skipTest());
        return new Result(dir, state, best.valid(), best.test(), clock.tokensPerSecond(), stoppedBy);
    }
}
