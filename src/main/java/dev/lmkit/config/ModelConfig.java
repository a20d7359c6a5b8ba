package dev.lmkit.config;

import java.util.List;

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
 * <p>
 * {@code softmax: adaptive} is Grave et al. (2017)'s adaptive softmax ({@link dev.lmkit.fused.AdaptiveSoftmax}): the
 * {@code cutoffs[0]} most frequent words in the head, the rest in clusters split at the other cutoffs, each scored through
 * a projection to {@code nIn / cutoff_div^(i+1)} units — exact probabilities over the whole vocabulary at a fraction of
 * the full softmax's work when the vocabulary is large. With {@code tie_weights} the shortlist's words score with their
 * embedding rows; the clusters keep their own projections.
 * <p>
 * The defaults are the {@link Builder}'s field initialisers; code builds a variation with {@code toBuilder()}.
 */
public record ModelConfig(@Doc("embedding size") int embedding,
                          @Doc("one size per LSTM layer") List<Integer> hidden,
                          @Doc("Zaremba et al.'s dropout on the non-recurrent connections, a fresh mask per element and step") double dropout,
                          @Doc("uniform initialization in ±init_range (0: Xavier)") double initRange,
                          @Doc("initial forget-gate bias (0 as PyTorch)") double forgetBias,
                          @Doc("fused: lmkit's LSTM and softmax layers; dl4j: DL4J's stock ones (for comparison)") Impl impl,
                          @Doc("the softmax weights are the embedding matrix (the last hidden size must equal embedding)") boolean tieWeights,
                          @Doc("locked (variational) dropout on the first LSTM's input (fused only)") double dropoutInput,
                          @Doc("locked dropout between LSTM layers (fused only)") double dropoutHidden,
                          @Doc("locked dropout on the softmax input (fused only)") double dropoutOutput,
                          @Doc("drops whole word types (embedding rows) for a batch (fused only)") double dropoutEmbedding,
                          @Doc("DropConnect on every LSTM's recurrent matrix, one mask per batch (fused only)") double weightDrop,
                          @Doc("full: one softmax over the vocabulary; adaptive: Grave et al.'s adaptive softmax (fused only)") Softmax softmax,
                          @Doc("adaptive softmax: where the head ends and each tail cluster begins, in frequency rank (ids), increasing") List<Integer> cutoffs,
                          @Doc("adaptive softmax: tail cluster i projects to nIn / cutoff_div^(i+1) units (PyTorch's div_value)") double cutoffDiv) {

    public enum Impl { FUSED, DL4J }

    public enum Softmax { FULL, ADAPTIVE }

    public static final ModelConfig DEFAULTS = builder().build();

    public ModelConfig {
        Requirement.require(impl != null && hidden != null, "impl and hidden must be given");
        hidden = List.copyOf(hidden);
        Requirement.require(embedding > 0, "embedding must be > 0");
        Requirement.require(!hidden.isEmpty() && hidden.stream().allMatch(h -> h > 0), "hidden must list layer sizes > 0");
        Requirement.require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1)");
        Requirement.require(initRange >= 0, "init_range must be >= 0");
        Requirement.require(!tieWeights || hidden.get(hidden.size() - 1) == embedding, "tie_weights needs the last hidden size ("
                + hidden.get(hidden.size() - 1) + ") to equal embedding (" + embedding + "): the softmax weights are the embedding matrix");
        Requirement.require(!tieWeights || impl == Impl.FUSED, "tie_weights needs impl: fused (DL4J's stock layers cannot share a weight matrix)");
        for (double rate : new double[]{dropoutInput, dropoutHidden, dropoutOutput, dropoutEmbedding, weightDrop}) {
            Requirement.require(rate >= 0 && rate < 1, "dropout_input, dropout_hidden, dropout_output, dropout_embedding and weight_drop must be in [0, 1)");
        }
        boolean awd = dropoutInput + dropoutHidden + dropoutOutput + dropoutEmbedding + weightDrop > 0;
        Requirement.require(!awd || impl == Impl.FUSED, "dropout_input, dropout_hidden, dropout_output, dropout_embedding and "
                + "weight_drop need impl: fused");
        Requirement.require(dropout == 0 || dropoutInput + dropoutHidden + dropoutOutput == 0,
                "dropout (per element) and dropout_input/hidden/output (locked) are alternatives: set one kind");
        Requirement.require(softmax != null && cutoffs != null, "softmax and cutoffs must be given");
        cutoffs = List.copyOf(cutoffs);
        Requirement.require(softmax == Softmax.FULL || !cutoffs.isEmpty(), "softmax: adaptive needs cutoffs, e.g. [2000, 10000]");
        Requirement.require(softmax == Softmax.ADAPTIVE || cutoffs.isEmpty(), "cutoffs go with softmax: adaptive");
        for (int i = 0; i < cutoffs.size(); i++) {
            Requirement.require(cutoffs.get(i) > (i == 0 ? 0 : cutoffs.get(i - 1)), "cutoffs must be positive and increasing, not " + cutoffs);
        }
        Requirement.require(cutoffDiv > 0, "cutoff_div must be > 0");
        Requirement.require(softmax == Softmax.FULL || impl == Impl.FUSED, "softmax: adaptive needs impl: fused");
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return builder().embedding(embedding).hidden(hidden).dropout(dropout).initRange(initRange).forgetBias(forgetBias).impl(impl)
                .tieWeights(tieWeights).dropoutInput(dropoutInput).dropoutHidden(dropoutHidden).dropoutOutput(dropoutOutput)
                .dropoutEmbedding(dropoutEmbedding).weightDrop(weightDrop).softmax(softmax).cutoffs(cutoffs).cutoffDiv(cutoffDiv);
    }

    /** Starts from the defaults; each setter names the key it sets. */
    public static final class Builder {
        private int embedding = 200;
        private List<Integer> hidden = List.of(200, 200);
        private double dropout = 0;
        private double initRange = 0.1;
        private double forgetBias = 0;
        private Impl impl = Impl.FUSED;
        private boolean tieWeights = false;
        private double dropoutInput = 0;
        private double dropoutHidden = 0;
        private double dropoutOutput = 0;
        private double dropoutEmbedding = 0;
        private double weightDrop = 0;
        private Softmax softmax = Softmax.FULL;
        private List<Integer> cutoffs = List.of();
        private double cutoffDiv = 4.0;

        private Builder() {
        }

        public Builder embedding(int v) { embedding = v; return this; }
        public Builder hidden(List<Integer> v) { hidden = v; return this; }
        public Builder dropout(double v) { dropout = v; return this; }
        public Builder initRange(double v) { initRange = v; return this; }
        public Builder forgetBias(double v) { forgetBias = v; return this; }
        public Builder impl(Impl v) { impl = v; return this; }
        public Builder tieWeights(boolean v) { tieWeights = v; return this; }
        public Builder dropoutInput(double v) { dropoutInput = v; return this; }
        public Builder dropoutHidden(double v) { dropoutHidden = v; return this; }
        public Builder dropoutOutput(double v) { dropoutOutput = v; return this; }
        public Builder dropoutEmbedding(double v) { dropoutEmbedding = v; return this; }
        public Builder weightDrop(double v) { weightDrop = v; return this; }
        public Builder softmax(Softmax v) { softmax = v; return this; }
        public Builder cutoffs(List<Integer> v) { cutoffs = v; return this; }
        public Builder cutoffDiv(double v) { cutoffDiv = v; return this; }

        public ModelConfig build() {
            return new ModelConfig(embedding, hidden, dropout, initRange, forgetBias, impl, tieWeights,
                    dropoutInput, dropoutHidden, dropoutOutput, dropoutEmbedding, weightDrop, softmax, cutoffs, cutoffDiv);
        }
    }
}
