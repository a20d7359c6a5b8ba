package dev.lmkit.model;

import dev.lmkit.config.DataConfig;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.CharTokenizer;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.corpus.CorpusReader;
import dev.lmkit.corpus.EncodedText;
import dev.lmkit.corpus.PtbWordTokenizer;
import dev.lmkit.corpus.SubwordTokenizer;
import dev.lmkit.corpus.Subwords;
import dev.lmkit.corpus.Tokenizer;
import dev.lmkit.corpus.Vocabulary;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one way text becomes a model's tokens and ids; every command and the Java API go through it.
 * There are two kinds of input:
 * <ul>
 * <li><b>Raw text</b> (sentences to score, benchmark items, primes, traces). Character models read code
 *     points (lowercased if the model was trained lowercased). Word models read it through CoreNLP's PTB
 *     tokenizer, whichever tokenizer the training corpus went through: a model trained on pre-tokenized
 *     text (PTB, WikiText: "the students perform .") must see "The students perform." the same way, so
 *     punctuation and clitics are split from words. Word tokens are lowercased when the config says so or
 *     when the vocabulary holds no word with an upper-case letter (PTB's).</li>
 * <li><b>Corpus text</b> (eval files, perplexity): read exactly as the training split was, with the
 *     config's own tokenizer, so a test file's perplexity equals the one training reported.</li>
 * </ul>
 */
public final class ModelText {
    private final Vocabulary vocab;
    private final Tokenizer corpus;
    private final Tokenizer raw;
    private final int lineEndId;

    public ModelText(Vocabulary vocab, DataConfig data) {
        this(vocab, data, null);
    }

    /** {@code subwords}: the pieces of a {@code tokenizer: bpe} model (null for the others); raw text's words are cut into them. */
    public ModelText(Vocabulary vocab, DataConfig data, Subwords subwords) {
        this.vocab = vocab;
        this.corpus = Corpus.tokenizer(data, subwords);
        boolean chars = data.charLevel();
        Tokenizer words = new PtbWordTokenizer(data.lowercase() || lowercaseOnly(vocab));
        this.raw = chars ? new CharTokenizer(data.lowercase()) : subwords != null ? new SubwordTokenizer(words, subwords) : words;
        this.lineEndId = vocab.id(corpus.lineEnd());
    }

    private static boolean lowercaseOnly(Vocabulary vocab) {
        return vocab.tokens().stream().noneMatch(t -> !t.startsWith("<") && !t.equals(t.toLowerCase(java.util.Locale.ROOT)));
    }

    public boolean charModel() {
        return raw instanceof CharTokenizer;
    }

    /** The symbol that ends a line ({@code <eos>} or newline); sentences are scored from a state after it. */
    public String lineEnd() {
        return corpus.lineEnd();
    }

    public int lineEndId() {
        return lineEndId;
    }

    /** The tokens of a piece of raw text, without a line end. */
    public List<String> tokens(String text) {
        List<String> tokens = raw.tokenize(text);
        tokens.remove(tokens.size() - 1);
        return tokens;
    }

    /** The tokens of a whole raw sentence, line end included. */
    public List<String> sentence(String text) {
        return raw.tokenize(text);
    }

    /**
     * The tokens of {@code continuation} when it follows {@code prefix} in raw text: for word models
     * the continuation's own tokens, for character models the continuation with the space that joins it
     * to a non-empty prefix (as minicons joins prefix and continuation).
     */
    public List<String> continuation(String prefix, String continuation) {
        if (!charModel() || prefix.isEmpty() || continuation.isEmpty()) return tokens(continuation);
        return tokens(" " + continuation);
    }

    /** For each token of {@link #sentence}{@code (text)}, the index of the whitespace-separated word of {@code text} it belongs to (the line end: the number of words). */
    public int[] sentenceWordIndex(String text) {
        return raw.wordIndex(text);
    }

    /** The same for {@link #continuation}'s tokens: a character model's joining space belongs to the continuation's first word. */
    public int[] continuationWordIndex(String prefix, String continuation) {
        String c = charModel() && !prefix.isEmpty() && !continuation.isEmpty() ? " " + continuation : continuation;
        int[] all = raw.wordIndex(c);
        return java.util.Arrays.copyOf(all, all.length - 1);
    }

    /** Readable text for model tokens. */
    public String detokenize(List<String> tokens) {
        return corpus.detokenize(tokens);
    }

    /** Corpus lines read as the training split was: the config's tokenizer, a line end per line. */
    public EncodedText encodeCorpus(List<String> lines) {
        return Corpus.encode(Corpus.tokenize(lines, corpus), vocab);
    }

    /** A corpus file (or directory, {@code .gz}) encoded line by line: only the ids are kept, 4 bytes a token. */
    public EncodedText encodeCorpus(Path file, String what) {
        int[][] ids = {new int[1 << 16]};
        int[] size = {0};
        long[] unseen = {0};
        CorpusReader.forEachLine(file, what, line -> corpus.tokenize(line, token -> {
            int id = vocab.id(token);
            if (vocab.unseen(token, id)) unseen[0]++;
            if (size[0] == ids[0].length) ids[0] = Arrays.copyOf(ids[0], ids[0].length * 2);
            ids[0][size[0]++] = id;
        }));
        return new EncodedText(Arrays.copyOf(ids[0], size[0]), unseen[0]);
    }

    public int id(String token) {
        return vocab.id(token);
    }

    public int[] ids(List<String> tokens) {
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = vocab.id(tokens.get(i));
        return ids;
    }

    /** True when the model reads the token as {@code <unk>}. */
    public boolean unknown(String token) {
        return vocab.id(token) == vocab.unkId();
    }

    /** Tokens with a line-end context first: what a sentence is read after. */
    public List<String> afterLineEnd(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size() + 1);
        out.add(lineEnd());
        out.addAll(tokens);
        return out;
    }
}
