package dev.lmkit.corpus;

import java.util.*;

/**
 * Token ↔ id mapping built from the training split only. Id 0 is always {@code <unk>};
 * word vocabularies also hold {@code <eos>}. Ties in frequency are broken alphabetically
 * so the same corpus always gives the same ids.
 */
public final class Vocabulary {
    public static final String UNK = "<unk>";
    public static final String EOS = "<eos>";

    private final List<String> tokens;
    private final Map<String, Integer> ids = new HashMap<>();

    public Vocabulary(List<String> tokens) {
        if (tokens.isEmpty() || !UNK.equals(tokens.get(0))) {
            throw new IllegalArgumentException("vocabulary must start with " + UNK);
        }
        this.tokens = List.copyOf(tokens);
        for (int i = 0; i < this.tokens.size(); i++) {
            if (ids.put(this.tokens.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate vocabulary entry: " + this.tokens.get(i));
            }
        }
    }

    /** Keeps tokens seen at least {@code minCount} times, the most frequent first, at most {@code maxSize} in all (0 = no limit). */
    public static Vocabulary build(Map<String, Long> counts, int minCount, int maxSize, Collection<String> reserved) {
        List<String> list = new ArrayList<>();
        list.add(UNK);
        for (String r : reserved) {
            if (!list.contains(r)) list.add(r);
        }
        counts.entrySet().stream()
                .filter(e -> e.getValue() >= minCount && !list.contains(e.getKey()))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .limit(maxSize > 0 ? Math.max(0, maxSize - list.size()) : Long.MAX_VALUE)
                .forEachOrdered(list::add);
        return new Vocabulary(list);
    }

    public int size() {
        return tokens.size();
    }

    public int unkId() {
        return 0;
    }

    /** The id of {@code token}, or {@link #unkId()} when it is not in the vocabulary. */
    public int id(String token) {
        return ids.getOrDefault(token, 0);
    }

    /** A token of the text that is not in the vocabulary (a literal {@code <unk>} in the text is not "unseen"). */
    public boolean unseen(String token, int id) {
        return id == unkId() && !UNK.equals(token);
    }

    public String token(int id) {
        return tokens.get(id);
    }

    public List<String> tokens() {
        return tokens;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && v.tokens.equals(tokens);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }
}
