package dev.lmkit.agreement.mine;

import java.util.ArrayList;
import java.util.List;

/**
 * A sentence as a dependency parser leaves it: tokens with Penn Treebank tags and lemmas, and the basic
 * Universal Dependencies edges between them (0-based token indices). CoreNLP fills it ({@link Parser});
 * tests write it by hand.
 */
public record ParsedSentence(List<Token> tokens, List<Edge> edges) implements java.io.Serializable {
    public record Token(String word, String tag, String lemma) implements java.io.Serializable {
    }

    /** {@code relation(governor, dependent)}, e.g. nsubj(table, keys). */
    public record Edge(int governor, int dependent, String relation) implements java.io.Serializable {
    }

    public List<String> words() {
        return tokens.stream().map(Token::word).toList();
    }

    /** Dependents of {@code governor} through {@code relation} (exact name, e.g. "nsubj" or "aux:pass"), in order. */
    public List<Integer> dependents(int governor, String relation) {
        List<Integer> out = new ArrayList<>();
        for (Edge e : edges) if (e.governor() == governor && e.relation().equals(relation)) out.add(e.dependent());
        out.sort(null);
        return out;
    }

    /** The governor and relation of {@code dependent}, or null for the root. */
    public Edge head(int dependent) {
        for (Edge e : edges) if (e.dependent() == dependent) return e;
        return null;
    }

    public Token token(int i) {
        return tokens.get(i);
    }
}
