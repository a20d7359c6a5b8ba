package dev.lmkit.config;

import java.util.regex.Pattern;

/**
 * Optimisation. {@code schedule: step} multiplies the learning rate by {@code lr_decay} at the
 * start of every epoch from {@code decay_start_epoch} on; {@code plateau} does so after an epoch
 * whose validation perplexity did not improve. {@code patience} > 0 stops training after that many
 * epochs without improvement. {@code eval_every} > 0 also validates every that many steps.
 * {@code state_reset} is the chance that a window starts from a zero state instead of the carried one
 * ({@link dev.lmkit.train.StateReset}).
 * {@code ar} and {@code tar} are AWD-LSTM's activation regularization (α · mean of the squared, dropped
 * last-layer outputs) and temporal activation regularization (β · mean of the squared step-to-step
 * change of the undropped ones), added to the mean per-token loss as in Merity et al. 2018 (α 2, β 1 there).
 * {@code schedule: budget} keeps the rate until {@code budget_decay_start} (a fraction, 0.6) of the
 * {@code time_budget} is spent, then multiplies it by {@code lr_decay} at the start of every epoch.
 * {@code optimizer: ntasgd} is SGD that switches to averaging the weights once the epoch-end validation
 * perplexity is worse than the best before the last {@code nonmono} epochs ({@link dev.lmkit.train.WeightAverage}).
 * {@code number_loss} > 0 adds the auxiliary number objective with that weight ({@link dev.lmkit.fused.NumberObjective};
 * its targets come from {@code data.train_numbers}).
 * <p>
 * The defaults are the {@link Builder}'s field initialisers; code builds a variation with {@code toBuilder()}.
 */
public record TrainConfig(@Doc("sgd; adam; amsgrad (Adam whose squared-gradient average never shrinks: Reddi et al. 2018); or ntasgd (SGD that starts averaging the weights at the non-monotonic trigger)") Optimizer optimizer,
                          @Doc("learning rate") double lr,
                          @Doc("none; step (× lr_decay every epoch from decay_start_epoch); plateau (× lr_decay after an epoch without improvement); budget (× lr_decay every epoch once budget_decay_start of time_budget is spent)") Schedule schedule,
                          @Doc("the learning rate's factor at each decay") double lrDecay,
                          @Doc("first epoch of schedule: step's decay") int decayStartEpoch,
                          @Doc("clip the gradient's global L2 norm to this (0: no clipping)") double clipNorm,
                          @Doc("parallel streams the training text is cut into") int batch,
                          @Doc("time steps per training window (truncated backpropagation through time)") int bptt,
                          @Doc("passes over the training text") int epochs,
                          @Doc("stop after this many epochs without a better validation (0: never)") int patience,
                          @Doc("seed of initialization, dropout and state resets") long seed,
                          @Doc("also validate every this many steps (0: at epoch ends only)") int evalEvery,
                          @Doc("parallel streams for validation and test") int evalBatch,
                          @Doc("cut each epoch to this many windows (0: the whole text)") int maxStepsPerEpoch,
                          @Doc("share of training windows started from a zero state instead of the carried one") double stateReset,
                          @Doc("wall time for the whole run, resumes included, such as 90m, 1.5h or 45s (empty: none)") String timeBudget,
                          @Doc("activation regularization α · mean(h²) on the dropped last-layer output (AWD-LSTM)") double ar,
                          @Doc("temporal activation regularization β · mean((h_t − h_{t−1})²) (AWD-LSTM)") double tar,
                          @Doc("ntasgd: average once validation is worse than the best before the last nonmono epochs") int nonmono,
                          @Doc("schedule: budget: the share of time_budget after which the learning rate decays") double budgetDecayStart,
                          @Doc("weight of the auxiliary number objective (0: off; its targets come from data.train_numbers)") double numberLoss,
                          @Doc("adam and amsgrad: decay of the squared-gradient average (Kingma & Ba's 0.999; 0.99 follows a gradient that grows as a model leaves its first plateau, against the loss spike that follows)") double adamBeta2) {

    public enum Optimizer { SGD, ADAM, AMSGRAD, NTASGD }

    public enum Schedule { NONE, STEP, PLATEAU, BUDGET }

    private static final Pattern BUDGET_FORMAT = Pattern.compile("(\\d+(\\.\\d+)?)\\s*([smh])");

    public static final TrainConfig DEFAULTS = builder().build();

    public TrainConfig {
        Requirement.require(optimizer != null && schedule != null && timeBudget != null, "optimizer, schedule and time_budget must be given");
        Requirement.require(lr > 0, "lr must be > 0");
        Requirement.require(lrDecay > 0 && lrDecay <= 1, "lr_decay must be in (0, 1]");
        Requirement.require(clipNorm >= 0, "clip_norm must be >= 0 (0 = no clipping)");
        Requirement.require(batch > 0 && bptt > 0 && epochs > 0 && evalBatch > 0, "batch, bptt, epochs and eval_batch must be > 0");
        Requirement.require(stateReset >= 0 && stateReset <= 1, "state_reset must be in [0, 1]");
        Requirement.require(patience >= 0 && evalEvery >= 0 && maxStepsPerEpoch >= 0, "patience, eval_every and max_steps_per_epoch must be >= 0");
        Requirement.require(Double.isFinite(lr) && Double.isFinite(clipNorm), "lr and clip_norm must be finite");
        Requirement.require(nonmono >= 1, "nonmono must be >= 1");
        Requirement.require(budgetDecayStart >= 0 && budgetDecayStart <= 1, "budget_decay_start must be in [0, 1]");
        Requirement.require(schedule != Schedule.BUDGET || !timeBudget.isEmpty(), "schedule: budget needs a time_budget");
        Requirement.require(ar >= 0 && tar >= 0 && Double.isFinite(ar + tar), "ar and tar must be finite and >= 0");
        Requirement.require(numberLoss >= 0 && Double.isFinite(numberLoss), "number_loss must be finite and >= 0");
        Requirement.require(numberLoss == 0 || optimizer == Optimizer.SGD || optimizer == Optimizer.NTASGD, "number_loss needs optimizer sgd or ntasgd");
        Requirement.require(adamBeta2 > 0 && adamBeta2 < 1, "adam_beta2 must be in (0, 1)");
        Requirement.require(timeBudget.isEmpty() || BUDGET_FORMAT.matcher(timeBudget).matches(),
                "time_budget must be a duration such as 90m, 1.5h or 45s, not '" + timeBudget + "'");
    }

    /** {@code time_budget} in seconds; 0 = no budget. */
    public double timeBudgetSeconds() {
        if (timeBudget.isEmpty()) return 0;
        var m = BUDGET_FORMAT.matcher(timeBudget);
        if (!m.matches()) throw new IllegalStateException(timeBudget);
        return Double.parseDouble(m.group(1)) * switch (m.group(3)) { case "h" -> 3600; case "m" -> 60; default -> 1; };
    }

    /** SGD or NT-ASGD: plain gradient steps at a scheduled rate. */
    public boolean sgdFamily() {
        return optimizer == Optimizer.SGD || optimizer == Optimizer.NTASGD;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return builder().optimizer(optimizer).lr(lr).schedule(schedule).lrDecay(lrDecay).decayStartEpoch(decayStartEpoch)
                .clipNorm(clipNorm).batch(batch).bptt(bptt).epochs(epochs).patience(patience).seed(seed).evalEvery(evalEvery)
                .evalBatch(evalBatch).maxStepsPerEpoch(maxStepsPerEpoch).stateReset(stateReset).timeBudget(timeBudget).ar(ar).tar(tar)
                .nonmono(nonmono).budgetDecayStart(budgetDecayStart).numberLoss(numberLoss).adamBeta2(adamBeta2);
    }

    /** Starts from the defaults; each setter names the key it sets. */
    public static final class Builder {
        private Optimizer optimizer = Optimizer.SGD;
        private double lr = 1.0;
        private Schedule schedule = Schedule.NONE;
        private double lrDecay = 0.5;
        private int decayStartEpoch = 1;
        private double clipNorm = 5.0;
        private int batch = 20;
        private int bptt = 20;
        private int epochs = 10;
        private int patience = 0;
        private long seed = 42;
        private int evalEvery = 0;
        private int evalBatch = 10;
        private int maxStepsPerEpoch = 0;
        private double stateReset = 0.1;
        private String timeBudget = "";
        private double ar = 0;
        private double tar = 0;
        private int nonmono = 5;
        private double budgetDecayStart = 0.6;
        private double numberLoss = 0;
        private double adamBeta2 = 0.999;

        private Builder() {
        }

        public Builder optimizer(Optimizer v) { optimizer = v; return this; }
        public Builder lr(double v) { lr = v; return this; }
        public Builder schedule(Schedule v) { schedule = v; return this; }
        public Builder lrDecay(double v) { lrDecay = v; return this; }
        public Builder decayStartEpoch(int v) { decayStartEpoch = v; return this; }
        public Builder clipNorm(double v) { clipNorm = v; return this; }
        public Builder batch(int v) { batch = v; return this; }
        public Builder bptt(int v) { bptt = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        public Builder patience(int v) { patience = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder evalEvery(int v) { evalEvery = v; return this; }
        public Builder evalBatch(int v) { evalBatch = v; return this; }
        public Builder maxStepsPerEpoch(int v) { maxStepsPerEpoch = v; return this; }
        public Builder stateReset(double v) { stateReset = v; return this; }
        public Builder timeBudget(String v) { timeBudget = v; return this; }
        public Builder ar(double v) { ar = v; return this; }
        public Builder tar(double v) { tar = v; return this; }
        public Builder nonmono(int v) { nonmono = v; return this; }
        public Builder budgetDecayStart(double v) { budgetDecayStart = v; return this; }
        public Builder numberLoss(double v) { numberLoss = v; return this; }
        public Builder adamBeta2(double v) { adamBeta2 = v; return this; }

        public TrainConfig build() {
            return new TrainConfig(optimizer, lr, schedule, lrDecay, decayStartEpoch, clipNorm, batch, bptt, epochs, patience, seed,
                    evalEvery, evalBatch, maxStepsPerEpoch, stateReset, timeBudget, ar, tar, nonmono, budgetDecayStart, numberLoss, adamBeta2);
        }
    }
}
