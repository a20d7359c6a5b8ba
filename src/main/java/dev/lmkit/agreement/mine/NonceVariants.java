package dev.lmkit.agreement.mine;

import java.util.*;

/**
 * "Colorless green" variants of a mined sentence (Gulordava et al. 2018): every content word except the target
 * and the subject's head is replaced by a random word with the same Penn Treebank tag — so a noun keeps its
 * number and a verb its form, and the attractor count stays what it was — drawn from the words the corpus itself
 * used with that tag. Function words, auxiliaries and copulas stay, so the syntax does; the meaning goes.
 */
public final class NonceVariants implements java.io.Serializable {
    /** Tags whose words are replaced: nouns, adjectives and lexical verbs (adverbs stay: "not" is one). */
    static final Set<String> CONTENT = Set.of("NN", "NNS", "JJ", "JJR", "JJS", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ");
    /** A word enters the lexicon once the corpus used it this often with the tag (rare words are often tagging errors). */
    static final int MIN_COUNT = 2;

    private final Map<String, Map<String, Integer>> counts = new HashMap<>();
    private transient Map<String, List<String>> lexicon;

    /** Counts the content words of a parsed sentence. */
    public void learn(ParsedSentence s) {
        for (ParsedSentence.Token t : s.tokens()) {
            if (CONTENT.contains(t.tag()) && t.word().matches("[a-z]+(-[a-z]+)*")) {
                counts.computeIfAbsent(t.tag(), k -> new HashMap<>()).merge(t.word(), 1, Integer::sum);
            }
        }
    }

    /** Adds another part of the corpus's counts. */
    void merge(NonceVariants other) {
        other.counts.forEach((tag, words) -> words.forEach((w, n) -> counts.computeIfAbsent(tag, k -> new HashMap<>()).merge(w, n, Integer::sum)));
        lexicon = null;
    }

    /** Words per tag, sorted, so that a seed gives the same variants on every run. */
    Map<String, List<String>> lexicon() {
        if (lexicon == null) {
            lexicon = new HashMap<>();
            counts.forEach((tag, words) -> lexicon.put(tag, words.entrySet().stream()
                    .filter(e -> e.getValue() >= MIN_COUNT).map(Map.Entry::getKey).sorted().toList()));
        }
        return lexicon;
    }

    /** {@code k} distinct variants of {@code s}'s words for {@code item}; fewer when the lexicon cannot make them. */
    public List<List<String>> variants(ParsedSentence s, AgreementItems.Item item, int k, long seed) {
        Set<Integer> keep = new HashSet<>(List.of(item.target(), item.subject()));
        for (ParsedSentence.Edge e : s.edges()) {
            if (e.relation().equals("cop") || e.relation().startsWith("aux")) keep.add(e.dependent());
        }
        List<List<String>> out = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (int attempt = 0; out.size() < k && attempt < 10 * k; attempt++) {
            List<String> words = new ArrayList<>(s.words());
            for (int i = 0; i < words.size(); i++) {
                List<String> choices = lexicon().getOrDefault(s.token(i).tag(), List.of());
                if (keep.contains(i) || !CONTENT.contains(s.token(i).tag()) || choices.isEmpty()) continue;
                String w = choices.get(random.nextInt(choices.size()));
                words.set(i, Character.isUpperCase(words.get(i).charAt(0)) ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
            }
            if (!words.equals(s.words()) && !out.contains(words)) out.add(words); // a small lexicon may redraw the original
        }
        return out;
    }
}
