package dev.lmkit.corpus;

import dev.lmkit.config.DataConfig;
import dev.lmkit.LmkitException;
import dev.lmkit.config.LmConfig;

import java.nio.file.Path;
import java.util.*;

/**
 * The three splits of a config's corpus, tokenized and encoded with a vocabulary built from the
 * training split only (train's lines that are not held out, then those of every train_extra file).
 */
public record Corpus(Vocabulary vocab, Tokenizer tokenizer, EncodedText train, EncodedText valid, EncodedText test) {

    public static Tokenizer tokenizer(DataConfig data) {
        return Tokenizer.of(data.mode(), data.tokenizer(), data.lowercase());
    }

    /** The config's tokenizer; with {@code tokenizer: bpe}, whitespace-separated words cut into {@code subwords}' pieces. */
    public static Tokenizer tokenizer(DataConfig data, Subwords subwords) {
        if (data.tokenizer() != DataConfig.Tokenization.BPE) return tokenizer(data);
        if (subwords == null) throw new IllegalStateException("tokenizer: bpe needs the pieces learned from the training text");
        return new SubwordTokenizer(new WhitespaceTokenizer(data.lowercase()), subwords);
    }

    public static Corpus load(DataConfig data) {
        if (data.train().isEmpty()) throw new LmkitException("config has no data.train path");
        List<String> paths = new ArrayList<>(List.of(data.train(), data.valid(), data.test()));
        paths.addAll(data.trainExtra());
        for (String path : paths) {
            if (DataConfig.isUri(path)) {
                throw new LmkitException("corpus path " + path + " is a URI: lmkit reads URIs (hdfs://, file://, ...) only in "
                        + "train --spark, through Hadoop's FileSystem; copy the file here for anything else");
            }
        }
        List<String> trainLines = CorpusReader.lines(Path.of(data.train()));
        List<String> validLines = optional(data.valid());
        List<String> testLines = optional(data.test());
        int n = trainLines.size();
        int nTest = testLines == null ? (int) Math.round(n * data.testFraction()) : 0;
        int kept = trainLinesKept(n, data);
        if (testLines == null) testLines = new ArrayList<>(trainLines.subList(n - nTest, n));
        if (validLines == null) validLines = new ArrayList<>(trainLines.subList(kept, n - nTest));
        trainLines = new ArrayList<>(trainLines.subList(0, kept));
        if (trainLines.isEmpty()) throw new LmkitException("training split is empty after holding out valid/test lines: " + data.train());
        for (String extra : data.trainExtra()) trainLines.addAll(CorpusReader.lines(Path.of(extra)));

        Tokenizer tokenizer = data.tokenizer() == DataConfig.Tokenization.BPE ? tokenizer(data, learnSubwords(trainLines, data)) : tokenizer(data);
        List<String> trainTokens = tokenize(trainLines, tokenizer);
        Map<String, Long> counts = new HashMap<>();
        for (String t : trainTokens) counts.merge(t, 1L, Long::sum);
        Vocabulary vocab = tokenizer instanceof SubwordTokenizer s ? vocabulary(counts, s.subwords()) : vocabulary(counts, data);
        return new Corpus(vocab, tokenizer, encode(trainTokens, vocab),
                encode(tokenize(validLines, tokenizer), vocab), encode(tokenize(testLines, tokenizer), vocab));
    }

    /** How many of {@code data.train}'s {@code n} lines are trained on: the rest are held out as valid/test lines when those files are not given. */
    public static int trainLinesKept(int n, DataConfig data) {
        boolean noTest = data.test() == null || data.test().isEmpty(), noValid = data.valid() == null || data.valid().isEmpty();
        int nTest = noTest ? (int) Math.round(n * data.testFraction()) : 0;
        int nValid = noValid ? (int) Math.round(n * data.validFraction()) : 0;
        return n - nTest - nValid;
    }

    /** The vocabulary of a training text's token counts, as the config's min_count and max_vocab keep it. */
    public static Vocabulary vocabulary(Map<String, Long> counts, DataConfig data) {
        return Vocabulary.build(counts, data.minCount(), data.maxVocab(), List.of(tokenizer(data).lineEnd()));
    }

    /** {@code tokenizer: bpe}'s pieces, learned from the training lines' whitespace-separated words. */
    private static Subwords learnSubwords(List<String> trainLines, DataConfig data) {
        Map<String, Long> words = new HashMap<>();
        Tokenizer split = new WhitespaceTokenizer(data.lowercase());
        for (String line : trainLines) split.tokenize(line, w -> words.merge(w, 1L, Long::sum));
        words.remove(split.lineEnd());
        return SubwordLearner.learn(words, data.vocabSize());
    }

    /** A subword vocabulary: every piece the encoding can produce (so no text has an unknown token), the most frequent in training first. */
    public static Vocabulary vocabulary(Map<String, Long> counts, Subwords subwords) {
        Map<String, Long> all = new HashMap<>(counts);
        for (String piece : subwords.pieces()) all.putIfAbsent(piece, 0L);
        return Vocabulary.build(all, 0, 0, List.of(Vocabulary.EOS));
    }

    /** A held-out file read and encoded with a vocabulary built elsewhere; an empty path gives an empty text. */
    public static EncodedText encodeFile(String path, Tokenizer tokenizer, Vocabulary vocab) {
        if (path == null || path.isEmpty()) return new EncodedText(new int[0], 0);
        return encode(tokenize(CorpusReader.lines(Path.of(path)), tokenizer), vocab);
    }

    private static List<String> optional(String path) {
        return path == null || path.isEmpty() ? null : CorpusReader.lines(Path.of(path));
    }

    public static List<String> tokenize(List<String> lines, Tokenizer tokenizer) {
        List<String> tokens = new ArrayList<>();
        for (String line : lines) tokenizer.tokenize(line, tokens::add);
        return tokens;
    }

    /** Unseen tokens map to {@code <unk>} and are counted; a literal {@code <unk>} in the text is not "unseen". */
    public static EncodedText encode(List<String> tokens, Vocabulary vocab) {
        int[] ids = new int[tokens.size()];
        long unseen = 0;
        for (int i = 0; i < ids.length; i++) {
            String token = tokens.get(i);
            ids[i] = vocab.id(token);
            if (vocab.unseen(token, ids[i])) unseen++;
        }
        return new EncodedText(ids, unseen);
    }
}
