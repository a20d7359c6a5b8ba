package dev.lmkit.agreement.mine;

import dev.lmkit.LmkitException;
import dev.lmkit.corpus.CorpusReader;
import dev.lmkit.corpus.WhitespaceTokenizer;
import edu.stanford.nlp.ling.HasWord;
import edu.stanford.nlp.ling.TaggedWord;
import edu.stanford.nlp.ling.Word;
import edu.stanford.nlp.tagger.maxent.MaxentTagger;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The targets of the auxiliary number objective ({@code train.number_loss}): for every token of a tokenized
 * corpus, the grammatical number of the next finite verb in its sentence — {@code s} (VBZ, "was"), {@code p}
 * (VBP, "were") or {@code -} (no such verb before the sentence ends, or the next finite verb shows no number:
 * other past tenses, modals). At "The keys to the cabinet", every token's target is the number of "are", so a
 * model trained on it is told, at each word, the number the coming verb must have (Linzen et al. 2016's number
 * prediction, asked at every position). Tags come from CoreNLP's English tagger over the corpus's own tokens.
 * The targets file has the corpus's lines, one symbol per token.
 */
public final class NumberTargets {
    public static final char SINGULAR = 's', PLURAL = 'p', NONE = '-';
    private static final WhitespaceTokenizer WHITESPACE = new WhitespaceTokenizer(false);

    private NumberTargets() {
    }

    /** The target symbol of each word, from the words and their Penn Treebank tags. */
    public static char[] of(List<String> words, List<String> tags) {
        char[] out = new char[words.size()];
        char next = NONE;
        for (int i = words.size() - 1; i >= 0; i--) {
            String tag = tags.get(i);
            if (tag.equals(".")) next = NONE; // a sentence ends here: the verbs after it are another sentence's
            out[i] = next;
            if (isFiniteVerb(tag)) next = number(words.get(i), tag);
        }
        return out;
    }

    private static boolean isFiniteVerb(String tag) {
        return tag.equals("VBZ") || tag.equals("VBP") || tag.equals("VBD") || tag.equals("MD");
    }

    private static char number(String word, String tag) {
        if (tag.equals("VBZ")) return SINGULAR;
        if (tag.equals("VBP")) return PLURAL;
        if (tag.equals("VBD") && word.equalsIgnoreCase("was")) return SINGULAR;
        if (tag.equals("VBD") && word.equalsIgnoreCase("were")) return PLURAL;
        return NONE;
    }

    /**
     * Tags every line of a whitespace-tokenized corpus and writes its targets file; refuses to overwrite one.
     * Returns how many tokens got {@code s}, {@code p} and {@code -}.
     */
    public static long[] write(Path corpus, Path out, PrintStream log) {
        if (Files.exists(out)) throw new LmkitException("refusing to overwrite " + out);
        CorpusReader.files(corpus); // a missing corpus is named before the tagger loads
        String model = CoreNlpModels.locate(log).getProperty("pos.model", CoreNlpModels.TAGGER);
        MaxentTagger tagger = new MaxentTagger(model);
        long[] counts = new long[3];
        Path part = out.resolveSibling(out.getFileName() + ".part");
        try {
            if (out.getParent() != null) Files.createDirectories(out.getParent());
            try (BufferedWriter w = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
                CorpusReader.forEachLine(corpus, line -> {
                    try {
                        w.write(targetsOf(line, tagger, counts));
                        w.write('\n');
                    } catch (IOException e) {
                        throw new LmkitException("cannot write " + part + ": " + e.getMessage());
                    }
                });
            }
            Files.move(part, out, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LmkitException("cannot write " + out + ": " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // the .part file is only a leftover
            }
        }
        return counts;
    }

    private static String targetsOf(String line, MaxentTagger tagger, long[] counts) {
        List<String> tokens = WHITESPACE.tokenize(line);
        List<String> words = tokens.subList(0, tokens.size() - 1); // without <eos>
        if (words.isEmpty()) return "";
        List<HasWord> sentence = new ArrayList<>(words.size());
        for (String word : words) sentence.add(new Word(word));
        List<String> tags = new ArrayList<>(words.size());
        for (TaggedWord t : tagger.tagSentence(sentence)) tags.add(t.tag());
        char[] targets = of(words, tags);
        StringBuilder sb = new StringBuilder(2 * targets.length);
        for (char c : targets) {
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(c);
            counts[c == SINGULAR ? 0 : c == PLURAL ? 1 : 2]++;
        }
        return sb.toString();
    }
}
