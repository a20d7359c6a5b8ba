package dev.lmkit.config;

import java.util.List;

/**
 * Corpus splits and vocabulary. Paths are relative to the working directory. Without a
 * {@code valid}/{@code test} file, the last {@code valid_fraction}/{@code test_fraction} of the
 * training lines are held out instead. {@code train_extra} lists more training texts, appended after
 * {@code train}'s lines once the held-out lines are taken (e.g. the synthetic agreement corpus mixed into
 * WikiText-2, {@code configs/syntax-synthetic.yaml}); the vocabulary counts them too. {@code train_numbers} is the targets
 * file of {@code train.number_loss} for {@code train}'s lines ({@code ./lmkit corpus numbers} writes it). {@code tokenizer: bpe}
 * learns {@code vocab_size} pieces from the training text's words ({@link dev.lmkit.corpus.Subwords}); the model keeps them.
 * <p>
 * The defaults are the {@link Builder}'s field initialisers; code builds a variation with {@code toBuilder()}.
 */
public record DataConfig(@Doc("word: tokens are words, a line end is <eos>; char: tokens are Unicode code points, newline a symbol") Mode mode,
                         @Doc("whitespace for pre-tokenized text (PTB, WikiText); ptb for raw text through CoreNLP's PTB tokenizer; bpe: whitespace-separated words cut into byte-pair pieces learned from the training text (no <unk>)") Tokenization tokenizer,
                         @Doc("lowercase all text (training and what the model reads later)") boolean lowercase,
                         @Doc("training text: a file, a directory of files or a .gz; a URI only for train --spark") String train,
                         @Doc("validation text; empty: the last valid_fraction of train's lines") String valid,
                         @Doc("test text; empty: the last test_fraction of train's lines") String test,
                         @Doc("share of train's lines held out for validation when there is no valid file") double validFraction,
                         @Doc("share of train's lines held out for testing when there is no test file") double testFraction,
                         @Doc("tokens seen fewer times in training become <unk>") int minCount,
                         @Doc("keep at most this many tokens, the most frequent (0: no limit)") int maxVocab,
                         @Doc("tokenizer: bpe — the vocabulary's size: <unk>, <eos>, the word-start mark, the training text's characters, 256 byte pieces and the learned merges (0 with the other tokenizers)") int vocabSize,
                         @Doc("more training texts appended after train's held-out lines are taken; the vocabulary counts them") List<String> trainExtra,
                         @Doc("the targets file of train.number_loss (./lmkit corpus numbers writes it)") String trainNumbers) {

    /** What a token is. */
    public enum Mode { WORD, CHAR }

    /** How a word model splits text into words. */
    public enum Tokenization { WHITESPACE, PTB, BPE }

    public static final DataConfig DEFAULTS = builder().build();

    public DataConfig {
        Requirement.require(mode != null && tokenizer != null && train != null && valid != null && test != null
                && trainExtra != null && trainNumbers != null, "mode, tokenizer, the paths and train_extra must be given");
        Requirement.require(validFraction >= 0 && testFraction >= 0 && validFraction + testFraction < 1,
                "valid_fraction + test_fraction must be in [0, 1)");
        Requirement.require(minCount >= 1, "min_count must be >= 1");
        Requirement.require(maxVocab >= 0, "max_vocab must be >= 0 (0 = no limit)");
        Requirement.require(tokenizer != Tokenization.BPE || vocabSize > 0, "tokenizer: bpe needs vocab_size, e.g. 8000");
        Requirement.require(tokenizer == Tokenization.BPE || vocabSize == 0, "vocab_size goes with tokenizer: bpe");
        Requirement.require(tokenizer != Tokenization.BPE || mode == Mode.WORD, "tokenizer: bpe needs mode: word (it cuts words into pieces)");
        Requirement.require(tokenizer != Tokenization.BPE || minCount == 1 && maxVocab == 0,
                "tokenizer: bpe sizes its vocabulary by vocab_size: leave min_count and max_vocab unset");
        trainExtra = List.copyOf(trainExtra);
    }

    public boolean charLevel() {
        return mode == Mode.CHAR;
    }

    /** A path written as a URI ({@code hdfs://…}, {@code s3a://…}, {@code file://…}): only {@code train --spark} reads those. */
    public static boolean isUri(String path) {
        return path != null && path.matches("[A-Za-z][A-Za-z0-9+.-]+://.*");
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return builder().mode(mode).tokenizer(tokenizer).lowercase(lowercase).train(train).valid(valid).test(test)
                .validFraction(validFraction).testFraction(testFraction).minCount(minCount).maxVocab(maxVocab)
                .vocabSize(vocabSize).trainExtra(trainExtra).trainNumbers(trainNumbers);
    }

    /** Starts from the defaults; each setter names the key it sets. */
    public static final class Builder {
        private Mode mode = Mode.WORD;
        private Tokenization tokenizer = Tokenization.WHITESPACE;
        private boolean lowercase = false;
        private String train = "";
        private String valid = "";
        private String test = "";
        private double validFraction = 0;
        private double testFraction = 0;
        private int minCount = 1;
        private int maxVocab = 0;
        private int vocabSize = 0;
        private List<String> trainExtra = List.of();
        private String trainNumbers = "";

        private Builder() {
        }

        public Builder mode(Mode v) { mode = v; return this; }
        public Builder tokenizer(Tokenization v) { tokenizer = v; return this; }
        public Builder lowercase(boolean v) { lowercase = v; return this; }
        public Builder train(String v) { train = v; return this; }
        public Builder valid(String v) { valid = v; return this; }
        public Builder test(String v) { test = v; return this; }
        /** The three split files at once. */
        public Builder files(String train, String valid, String test) { return train(train).valid(valid).test(test); }
        public Builder validFraction(double v) { validFraction = v; return this; }
        public Builder testFraction(double v) { testFraction = v; return this; }
        public Builder minCount(int v) { minCount = v; return this; }
        public Builder maxVocab(int v) { maxVocab = v; return this; }
        public Builder vocabSize(int v) { vocabSize = v; return this; }
        public Builder trainExtra(List<String> v) { trainExtra = v; return this; }
        public Builder trainNumbers(String v) { trainNumbers = v; return this; }

        public DataConfig build() {
            return new DataConfig(mode, tokenizer, lowercase, train, valid, test, validFraction, testFraction, minCount, maxVocab,
                    vocabSize, trainExtra, trainNumbers);
        }
    }
}
