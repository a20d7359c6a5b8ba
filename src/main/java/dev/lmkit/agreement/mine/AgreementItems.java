package dev.lmkit.agreement.mine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds subject–verb agreement items in a parsed sentence, as Linzen, Dupoux &amp; Goldberg (2016) mined them:
 * a present-tense verb, auxiliary or copula (or was/were) that agrees with a common-noun subject before it.
 * The agreeing word need not head the subject relation: in "the keys to the cabinet are on the table" the parse
 * says nsubj(table, keys) and cop(table, are), and the item's target is "are".
 */
public final class AgreementItems {
    /**
     * {@code construction}: the relations that join subject and target ("nsubj", "nsubj+cop", "nsubj:pass+aux:pass");
     * {@code attractors}: common nouns strictly between them whose number differs from the subject's.
     */
    public record Item(int target, String correct, String wrong, String tag, int subject, String construction,
                       int attractors, boolean pluralSubject) implements java.io.Serializable {
    }

    /**
     * Items found, and why each other candidate was left out, counted: a candidate is a subject relation (nsubj,
     * nsubj:pass), so {@code candidates} = items + the skipped counts, and none vanishes unaccounted.
     */
    public record Found(List<Item> items, Map<String, Integer> skipped, int candidates) {
    }

    /** Pronouns that taggers call nouns (NN): "someone starts", "everything in this world is". */
    private static final Set<String> NOUN_TAGGED_PRONOUNS = Set.of("someone", "somebody", "something", "anyone", "anybody",
            "anything", "everyone", "everybody", "everything", "no-one", "nobody", "nothing", "none");
    /** Words whose number is known: WikiText's {@code <unk>} and its {@code @-@} are not. */
    private static final String WORD = "\\p{L}+(['-]\\p{L}+)*";

    /** Relations through which a finite word carries the head's agreement (UD: copula, auxiliaries). */
    private static final String[] CARRIERS = {"cop", "aux", "aux:pass"};

    private AgreementItems() {
    }

    public static Found find(ParsedSentence s) {
        List<Item> items = new ArrayList<>();
        Map<String, Integer> skipped = new TreeMap<>();
        int candidates = 0;
        for (int head = 0; head < s.tokens().size(); head++) {
            for (String subjectRelation : new String[]{"nsubj", "nsubj:pass"}) {
                for (int subject : s.dependents(head, subjectRelation)) {
                    candidates++;
                    int target = -1;
                    String construction = null;
                    if (Inflection.agrees(s.token(head).word(), s.token(head).tag())) {
                        target = head;
                        construction = subjectRelation;
                    }
                    for (String carrier : CARRIERS) {
                        for (int d : s.dependents(head, carrier)) {
                            if (target < 0 && Inflection.agrees(s.token(d).word(), s.token(d).tag())) {
                                target = d;
                                construction = subjectRelation + "+" + carrier;
                            }
                        }
                    }
                    if (target < 0) { // no finite agreeing word: say what there is instead
                        skipped.merge(withoutAgreement(s, head), 1, Integer::sum);
                        continue;
                    }
                    String reason = reasonToSkip(s, subject, target);
                    if (reason != null) {
                        skipped.merge(reason, 1, Integer::sum);
                        continue;
                    }
                    ParsedSentence.Token t = s.token(target);
                    String wrong = Inflection.otherNumber(t.word(), t.tag(), t.lemma());
                    if (wrong == null) {
                        skipped.merge("no other-number form of the verb", 1, Integer::sum);
                        continue;
                    }
                    boolean plural = s.token(subject).tag().equals("NNS");
                    items.add(new Item(target, t.word(), wrong, t.tag(), subject, construction,
                            attractors(s, subject, target, plural), plural));
                }
            }
        }
        items.sort((a, b) -> Integer.compare(a.target(), b.target()));
        return new Found(items, skipped, candidates);
    }

    /** Why a clause with a subject has no word that agrees with it. */
    private static String withoutAgreement(ParsedSentence s, int head) {
        List<Integer> words = new ArrayList<>(List.of(head));
        for (String carrier : CARRIERS) words.addAll(s.dependents(head, carrier));
        boolean finite = false;
        for (int w : words) {
            String tag = s.token(w).tag(), word = s.token(w).word().toLowerCase(java.util.Locale.ROOT);
            if (tag.equals("MD")) return "modal verb (no number)";
            if (tag.equals("VBD")) return "past tense (no number)";
            if (word.equals("am")) return "first-person am";
            finite |= tag.equals("VBZ") || tag.equals("VBP");
        }
        String tag = s.token(head).tag();
        if (!finite && (tag.equals("VB") || tag.equals("VBN")) && words.size() == 1 && s.dependents(head, "mark").isEmpty()) {
            return "tagger and parser disagree (a subject, but no finite verb)";
        }
        return finite ? "verb form without a number rule" : "no finite verb (infinitive, participle or verbless clause)";
    }

    private static String reasonToSkip(ParsedSentence s, int subject, int target) {
        String tag = s.token(subject).tag();
        if (!tag.equals("NN") && !tag.equals("NNS")) {
            return tag.startsWith("PRP") || tag.startsWith("W") || tag.equals("DT") || tag.equals("EX")
                    ? "pronoun subject" : tag.startsWith("NNP") ? "proper-noun subject" : "subject not a noun";
        }
        if (NOUN_TAGGED_PRONOUNS.contains(s.token(subject).word().toLowerCase(java.util.Locale.ROOT))) return "pronoun subject";
        if (!s.token(subject).word().matches(WORD)) return "subject not a word (<unk>, @-@)"; // its number is the tagger's guess
        if (subject > target) return "subject after the verb";
        if (!s.dependents(subject, "conj").isEmpty()) return "coordinated subject";
        ParsedSentence.Token t = s.token(target);
        if (t.word().startsWith("'")) return "contracted verb";
        if (Inflection.singular(t.word(), t.tag()) == tag.equals("NNS")) return "verb and subject differ in number";
        return null;
    }

    /** Common nouns strictly between subject and target whose number differs from the subject's (words only: an {@code <unk>} has none). */
    static int attractors(ParsedSentence s, int subject, int target, boolean pluralSubject) {
        return attractorIndices(s, subject, target, pluralSubject).size();
    }

    /** Where the attractors of {@link #attractors} are. */
    public static List<Integer> attractorIndices(ParsedSentence s, int subject, int target, boolean pluralSubject) {
        List<Integer> at = new ArrayList<>();
        for (int i = subject + 1; i < target; i++) {
            String tag = s.token(i).tag();
            if (tag.equals(pluralSubject ? "NN" : "NNS") && s.token(i).word().matches(WORD)) at.add(i);
        }
        return at;
    }
}
