package dev.lmkit.config;

import java.util.List;

/** A whole experiment: what to read, what network to build, how to train it. See configs/*.yaml. */
public record LmConfig(Data data, Model model, Train train) {

    public static final LmConfig DEFAULTS = new LmConfig(Data.DEFAULTS, Model.DEFAULTS, Train.DEFAULTS);

    public LmConfig with(Data data) {
        return new LmConfig(data, model, train);
    }

    public LmConfig with(Model model) {
        return new LmConfig(data, model, train);
    }

    public LmConfig with(Train train) {
        return new LmConfig(data, model, train);
    }

    /**
     * Corpus splits and vocabulary. Paths are relative to the working directory. Without a
     * {@code valid}/{@code test} file, the last {@code valid_fraction}/{@code test_fraction} of the
     * training lines are held out instead. {@code train_extra} lists more training texts, appended after
     * {@code train}'s lines once the held-out lines are taken (e.g. the synthetic agreement corpus mixed into
     * WikiText-2, {@code configs/syntax-synthetic.yaml}); the vocabulary counts them too. {@code train_numbers} is the targets
     * file of {@code train.number_loss} for {@code train}'s lines ({@code ./lmkit corpus numbers} writes it).
     */
    public record Data(@Doc("word: tokens are words, a line end is <eos>; char: tokens are Unicode code points, newline a symbol") @OneOf({"word", "char"}) String mode,
                       @Doc("whitespace for pre-tokenized text (PTB, WikiText); ptb for raw text through CoreNLP's PTB tokenizer") @OneOf({"whitespace", "ptb"}) String tokenizer,
                       @Doc("lowercase all text (training and what the model reads later)") boolean lowercase,
                       @Doc("training text: a file, a directory of files or a .gz; a URI only for train --spark") String train,
                       @Doc("validation text; empty: the last valid_fraction of train's lines") String valid,
                       @Doc("test text; empty: the last test_fraction of train's lines") String test,
                       @Doc("share of train's lines held out for validation when there is no valid file") double validFraction,
                       @Doc("share of train's lines held out for testing when there is no test file") double testFraction,
                       @Doc("tokens seen fewer times in training become <unk>") int minCount,
                       @Doc("keep at most this many tokens, the most frequent (0: no limit)") int maxVocab,
                       @Doc("more training texts appended after train's held-out lines are taken; the vocabulary counts them") List<String> trainExtra,
                       @Doc("the targets file of train.number_loss (./lmkit corpus numbers writes it)") String trainNumbers) {
        public static final Data DEFAULTS = new Data("word", "whitespace", false, "", "", "", 0.0, 0.0, 1, 0, List.of(), "");

        public Data {
            Requirement.require(validFraction >= 0 && testFraction >= 0 && validFraction + testFraction < 1,
                    "valid_fraction + test_fraction must be in [0, 1)");
            Requirement.require(minCount >= 1, "min_count must be >= 1");
            Requirement.require(maxVocab >= 0, "max_vocab must be >= 0 (0 = no limit)");
            trainExtra = List.copyOf(trainExtra);
        }

        public Data withMode(String mode) {
            return new Data(mode, tokenizer, lowercase, train, valid, test, validFraction, testFraction, minCount, maxVocab, trainExtra, trainNumbers);
        }

        public Data withFiles(String train, String valid, String test) {
            return new Data(mode, tokenizer, lowercase, train, valid, test, validFraction, testFraction, minCount, maxVocab, trainExtra, trainNumbers);
        }

        /** A path written as a URI ({@code hdfs://…}, {@code s3a://…}, {@code file://…}): only {@code train --spark} reads those. */
        public static boolean isUri(String path) {
            return path != null && path.matches("[A-Za-z][A-Za-z0-9+.-]+://.*");
        }
    }

    /**
     * Embedding → LSTM × len(hidden) → softmax. {@code init_range} 0 keeps DL4J's Xavier init.
     * {@code forget_bias} is the forget gate's initial bias: 0 as PyTorch; DL4J's own default of 1,
     * with exact gradients through the carried state, let the state drift so far from zero that
     * sentences scored from a fresh state lost agreement (docs/speed.md, "Zero-state windows and the forget-gate bias").
     * {@code impl} picks lmkit's {@link dev.lmkit.fused.FusedLstm} (`fused`, default) or DL4J's stock layers (`dl4j`).
     * {@code tie_weights} makes the softmax weights the embedding matrix itself (Press &amp; Wolf 2017; Inan et
     * al. 2017): one parameter used twice, so the last hidden size must equal the embedding size.
     * <p>
     * {@code dropout} is Zaremba et al.'s: a fresh mask per element and time step on the input of every
     * LSTM layer and of the softmax. The AWD-LSTM regularizers (Merity et al. 2018), each off at 0 and
     * fused-only: {@code dropout_input}, {@code dropout_hidden} and {@code dropout_output} are variational
     * ("locked") dropout — one mask per sequence, the same at every step — on the first LSTM's input,
     * between LSTM layers, and on the softmax input; {@code dropout_embedding} drops whole word types
     * (rows of the embedding) for a batch; {@code weight_drop} is DropConnect on every LSTM's recurrent
     * matrix, one mask per batch.
     */
    public record Model(@Doc("embedding size") int embedding,
                        @Doc("one size per LSTM layer") List<Integer> hidden,
                        @Doc("Zaremba et al.'s dropout on the non-recurrent connections, a fresh mask per element and step") double dropout,
                        @Doc("uniform initialization in ±init_range (0: Xavier)") double initRange,
                        @Doc("initial forget-gate bias (0 as PyTorch)") double forgetBias,
                        @Doc("fused: lmkit's LSTM and softmax layers; dl4j: DL4J's stock ones (for comparison)") @OneOf({"fused", "dl4j"}) String impl,
                        @Doc("the softmax weights are the embedding matrix (the last hidden size must equal embedding)") boolean tieWeights,
                        @Doc("locked (variational) dropout on the first LSTM's input (fused only)") double dropoutInput,
                        @Doc("locked dropout between LSTM layers (fused only)") double dropoutHidden,
                        @Doc("locked dropout on the softmax input (fused only)") double dropoutOutput,
                        @Doc("drops whole word types (embedding rows) for a batch (fused only)") double dropoutEmbedding,
                        @Doc("DropConnect on every LSTM's recurrent matrix, one mask per batch (fused only)") double weightDrop) {
        public static final Model DEFAULTS = new Model(200, List.of(200, 200), 0.0, 0.1, 0.0, "fused", false, 0, 0, 0, 0, 0);

        public Model {
            Requirement.require(embedding > 0, "embedding must be > 0");
            Requirement.require(!hidden.isEmpty() && hidden.stream().allMatch(h -> h > 0), "hidden must list layer sizes > 0");
            Requirement.require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1)");
            Requirement.require(initRange >= 0, "init_range must be >= 0");
            Requirement.require(!tieWeights || hidden.get(hidden.size() - 1) == embedding, "tie_weights needs the last hidden size ("
                    + hidden.get(hidden.size() - 1) + ") to equal embedding (" + embedding + "): the softmax weights are the embedding matrix");
            Requirement.require(!tieWeights || "fused".equals(impl), "tie_weights needs impl: fused (DL4J's stock layers cannot share a weight matrix)");
            for (double rate : new double[]{dropoutInput, dropoutHidden, dropoutOutput, dropoutEmbedding, weightDrop}) {
                Requirement.require(rate >= 0 && rate < 1, "dropout_input, dropout_hidden, dropout_output, dropout_embedding and weight_drop must be in [0, 1)");
            }
            boolean awd = dropoutInput + dropoutHidden + dropoutOutput + dropoutEmbedding + weightDrop > 0; // fields are not set yet here
            Requirement.require(!awd || "fused".equals(impl), "dropout_input, dropout_hidden, dropout_output, dropout_embedding and "
                    + "weight_drop need impl: fused");
            Requirement.require(dropout == 0 || dropoutInput + dropoutHidden + dropoutOutput == 0,
                    "dropout (per element) and dropout_input/hidden/output (locked) are alternatives: set one kind");
        }


        public Model withShape(int embedding, List<Integer> hidden) {
            return new Model(embedding, hidden, dropout, initRange, forgetBias, impl, tieWeights,
                    dropoutInput, dropoutHidden, dropoutOutput, dropoutEmbedding, weightDrop);
        }

        public Model withTiedWeights(boolean tieWeights) {
            return new Model(embedding, hidden, dropout, initRange, forgetBias, impl, tieWeights,
                    dropoutInput, dropoutHidden, dropoutOutput, dropoutEmbedding, weightDrop);
        }

        public Model withImpl(String impl) {
            return new Model(embedding, hidden, dropout, initRange, forgetBias, impl, tieWeights,
                    dropoutInput, dropoutHidden, dropoutOutput, dropoutEmbedding, weightDrop);
        }
    }

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
     */
    public record Train(@Doc("sgd, adam, or ntasgd (SGD that starts averaging the weights at the non-monotonic trigger)") @OneOf({"sgd", "adam", "ntasgd"}) String optimizer,
                        @Doc("learning rate") double lr,
                        @Doc("none; step (× lr_decay every epoch from decay_start_epoch); plateau (× lr_decay after an epoch without improvement); budget (× lr_decay every epoch once budget_decay_start of time_budget is spent)") @OneOf({"none", "step", "plateau", "budget"}) String schedule,
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
                        @Doc("weight of the auxiliary number objective (0: off; its targets come from data.train_numbers)") double numberLoss) {
        public static final Train DEFAULTS = new Train("sgd", 1.0, "none", 0.5, 1, 5.0, 20, 20, 10, 0, 42, 0, 10, 0, 0.1, "", 0, 0, 5, 0.6, 0);

        public Train {
            Requirement.require(lr > 0, "lr must be > 0");
            Requirement.require(lrDecay > 0 && lrDecay <= 1, "lr_decay must be in (0, 1]");
            Requirement.require(clipNorm >= 0, "clip_norm must be >= 0 (0 = no clipping)");
            Requirement.require(batch > 0 && bptt > 0 && epochs > 0 && evalBatch > 0, "batch, bptt, epochs and eval_batch must be > 0");
            Requirement.require(stateReset >= 0 && stateReset <= 1, "state_reset must be in [0, 1]");
            Requirement.require(patience >= 0 && evalEvery >= 0 && maxStepsPerEpoch >= 0, "patience, eval_every and max_steps_per_epoch must be >= 0");
            Requirement.require(Double.isFinite(lr) && Double.isFinite(clipNorm), "lr and clip_norm must be finite");
            Requirement.require(nonmono >= 1, "nonmono must be >= 1");
            Requirement.require(budgetDecayStart >= 0 && budgetDecayStart <= 1, "budget_decay_start must be in [0, 1]");
            Requirement.require(!"budget".equals(schedule) || !timeBudget.isEmpty(), "schedule: budget needs a time_budget");
            Requirement.require(ar >= 0 && tar >= 0 && Double.isFinite(ar + tar), "ar and tar must be finite and >= 0");
            Requirement.require(numberLoss >= 0 && Double.isFinite(numberLoss), "number_loss must be finite and >= 0");
            Requirement.require(numberLoss == 0 || !"adam".equals(optimizer), "number_loss needs optimizer sgd or ntasgd");
            Requirement.require(timeBudget.isEmpty() || timeBudget.matches(BUDGET), "time_budget must be a duration such as 90m, 1.5h or 45s, not '" + timeBudget + "'");
        }

        private static final String BUDGET = "(\\d+(\\.\\d+)?)\\s*([smh])";

        /** {@code time_budget} in seconds; 0 = no budget. */
        public double timeBudgetSeconds() {
            if (timeBudget.isEmpty()) return 0;
            var m = java.util.regex.Pattern.compile(BUDGET).matcher(timeBudget);
            if (!m.matches()) throw new IllegalStateException(timeBudget);
            return Double.parseDouble(m.group(1)) * switch (m.group(3)) { case "h" -> 3600; case "m" -> 60; default -> 1; };
        }

        public Train withOptimizer(String optimizer, double lr, double clipNorm) {
            return new Train(optimizer, lr, schedule, lrDecay, decayStartEpoch, clipNorm, batch, bptt, epochs, patience, seed,
                    evalEvery, evalBatch, maxStepsPerEpoch, stateReset, timeBudget, ar, tar, nonmono, budgetDecayStart, numberLoss);
        }

        public Train withBatches(int batch, int bptt, int evalBatch) {
            return new Train(optimizer, lr, schedule, lrDecay, decayStartEpoch, clipNorm, batch, bptt, epochs, patience, seed,
                    evalEvery, evalBatch, maxStepsPerEpoch, stateReset, timeBudget, ar, tar, nonmono, budgetDecayStart, numberLoss);
        }

        public Train withSeed(long seed) {
            return new Train(optimizer, lr, schedule, lrDecay, decayStartEpoch, clipNorm, batch, bptt, epochs, patience, seed,
                    evalEvery, evalBatch, maxStepsPerEpoch, stateReset, timeBudget, ar, tar, nonmono, budgetDecayStart, numberLoss);
        }
    }

}
