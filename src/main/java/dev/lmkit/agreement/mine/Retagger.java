package dev.lmkit.agreement.mine;

import edu.stanford.nlp.ling.CoreAnnotations;
import edu.stanford.nlp.ling.CoreLabel;
import edu.stanford.nlp.ling.IndexedWord;
import edu.stanford.nlp.trees.UniversalEnglishGrammaticalRelations;
import edu.stanford.nlp.pipeline.Annotation;
import edu.stanford.nlp.pipeline.DependencyParseAnnotator;
import edu.stanford.nlp.process.Morphology;
import edu.stanford.nlp.semgraph.SemanticGraph;
import edu.stanford.nlp.semgraph.SemanticGraphCoreAnnotations;
import edu.stanford.nlp.semgraph.SemanticGraphEdge;
import edu.stanford.nlp.util.CoreMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * Corrects the left-to-right tagger where it contradicts the sentence's structure, the failure that hides the items
 * agreement studies exist for: a plural lexical verb after an attractor ("the dogs near the house run/VBN") and the
 * main verb after an object relative clause ("the author that the guards like/IN laughs/NNS"). Two repairs, both
 * verified by the parse:
 * <ul>
 * <li>a base form or bare participle (VB, VBN) that the parser gives a nominal subject and no auxiliary, heading a
 * finite clause, is a present-tense verb (VBP) when it is its own lemma — the tag changes, the parse stays;</li>
 * <li>a sentence whose main clause has no finite verb is re-parsed with candidate words (an open-class word right
 * after a noun or a finite verb) tagged as present-tense verbs by their form, one at a time, and a retag is kept
 * only when the new parse has more subject–verb pairs that agree in number than the old one.</li>
 * </ul>
 * CoreNLP's bidirectional tagger makes the same errors on these sentences (run/VB, land/NN, like/IN) at an eighth of
 * the speed, so the repair is here rather than in the model choice (docs/guide.md, "Mine a test set from any corpus").
 */
final class Retagger {
    /** How many words each repair retagged; reported in summary.md. */
    static final String DIRECT = "verb retagged from the parse (VB/VBN with a subject and no auxiliary)";
    static final String REPARSED = "verb retagged and the sentence re-parsed (no finite main verb)";
    static final String RELATIVE = "main verb re-attached after an object relative clause";
    private static final Set<String> RELATIVE_PRONOUNS = Set.of("that", "who", "whom", "which");

    private static final Set<String> FINITE_CLAUSE = Set.of("root", "ccomp", "conj", "acl:relcl", "advcl", "parataxis");
    /** What may come right before a verb whose tag the tagger got wrong: the end of a noun phrase, or a relative clause's verb. */
    private static final Set<String> BEFORE_A_VERB = Set.of("NN", "NNS", "VBZ", "VBP");
    private static final Set<String> MAY_BE_A_VERB = Set.of("NN", "NNS", "VB", "VBN", "JJ");
    /** Re-parses tried per sentence, and the longest sentence tried: a re-parse costs as much as the parse. */
    private static final int MAX_REPARSES = 6;
    private static final int MAX_REPARSE_TOKENS = 50;

    private final DependencyParseAnnotator depparse;

    Retagger(Properties pipeline) {
        Properties p = new Properties();
        String model = pipeline.getProperty("depparse.model");
        if (model != null) p.setProperty("model", model);
        depparse = new DependencyParseAnnotator(p);
    }

    /** Repairs {@code sentence}'s tags (and parse) in place; returns the number of words retagged by each repair. */
    int[] repair(CoreMap sentence) {
        int direct = retagFromParse(sentence);
        if (finiteMainVerb(sentence)) return new int[]{direct, 0, 0};
        int relative = objectRelative(sentence);
        int reparsed = 0;
        if (!finiteMainVerb(sentence) && tokens(sentence).size() <= MAX_REPARSE_TOKENS) {
            reparsed = retagAndReparse(sentence);
            relative += objectRelative(sentence);
        }
        return new int[]{direct, reparsed, relative};
    }

    /**
     * "the senators who the reporter criticizes resign": the parser makes the main verb a second object of the
     * clause's verb, whose object is already the relative pronoun. A verb cannot take both; the word after it is the
     * main verb, whose subject is the noun the clause modifies — re-attached so when its form agrees with that noun.
     */
    private static int objectRelative(CoreMap sentence) {
        List<CoreLabel> tokens = tokens(sentence);
        SemanticGraph g = graph(sentence);
        int n = 0;
        for (SemanticGraphEdge relcl : new ArrayList<>(g.edgeListSorted())) {
            if (!relcl.getRelation().toString().equals("acl:relcl")) continue;
            IndexedWord noun = relcl.getGovernor(), clauseVerb = relcl.getDependent();
            boolean relativeObject = false;
            SemanticGraphEdge second = null;
            for (SemanticGraphEdge d : g.outgoingEdgeList(clauseVerb)) {
                if (!d.getRelation().toString().equals("obj")) continue;
                if (d.getDependent().index() < clauseVerb.index() && RELATIVE_PRONOUNS.contains(d.getDependent().word().toLowerCase(Locale.ROOT))) {
                    relativeObject = true;
                } else if (d.getDependent().index() > clauseVerb.index()) {
                    second = d;
                }
            }
            if (!relativeObject || second == null) continue;
            CoreLabel verb = tokens.get(second.getDependent().index() - 1);
            String tag = verb.tag().equals("VBZ") || verb.tag().equals("VBP") ? verb.tag() : verbTag(verb, clauseVerb.tag(), ".");
            String nounTag = tokens.get(noun.index() - 1).tag();
            if (tag == null || !nounTag.startsWith("NN") || tag.equals("VBZ") != (nounTag.equals("NN") || nounTag.equals("NNP"))) continue;
            retag(verb, tag);
            IndexedWord main = second.getDependent();
            g.removeEdge(second);
            SemanticGraphEdge up = g.getIncomingEdgesSorted(noun).stream().findFirst().orElse(null);
            if (up == null) {
                g.resetRoots();
                g.setRoot(main);
            } else {
                g.removeEdge(up);
                g.addEdge(up.getGovernor(), main, up.getRelation(), up.getWeight(), up.isExtra());
            }
            g.addEdge(main, noun, UniversalEnglishGrammaticalRelations.NOMINAL_SUBJECT, 1, false);
            n++;
        }
        return n;
    }

    private static int retagFromParse(CoreMap sentence) {
        List<CoreLabel> tokens = tokens(sentence);
        SemanticGraph g = graph(sentence);
        int n = 0;
        for (SemanticGraphEdge e : g.edgeIterable()) {
            String rel = e.getRelation().toString();
            if (!rel.equals("nsubj") && !rel.equals("nsubj:pass")) continue;
            CoreLabel head = tokens.get(e.getGovernor().index() - 1);
            String tag = head.tag();
            if (!tag.equals("VB") && !tag.equals("VBN")) continue;
            boolean auxiliary = false;
            for (SemanticGraphEdge d : g.outgoingEdgeIterable(e.getGovernor())) {
                String r = d.getRelation().toString();
                if (r.equals("aux") || r.equals("aux:pass") || r.equals("mark") && d.getDependent().word().equalsIgnoreCase("to")) auxiliary = true;
            }
            SemanticGraphEdge up = g.getIncomingEdgesSorted(e.getGovernor()).stream().findFirst().orElse(null);
            String headRelation = up == null ? "root" : up.getRelation().toString();
            String word = head.word().toLowerCase(Locale.ROOT);
            if (auxiliary || !FINITE_CLAUSE.contains(headRelation) || !word.equals(Morphology.lemmaStatic(word, "VB"))) continue;
            retag(head, "VBP");
            n++;
        }
        return n;
    }

    private int retagAndReparse(CoreMap sentence) {
        List<CoreLabel> tokens = tokens(sentence);
        int retagged = 0, reparses = 0;
        int best = agreeingPairs(sentence);
        // one word at a time, then two neighbours at once ("like/IN laughs/NNS": neither alone makes a clause)
        for (int width = 1; width <= 2 && reparses < MAX_REPARSES; width++) {
            boolean improved = true;
            while (improved && reparses < MAX_REPARSES) {
                improved = false;
                boolean noun = false; // a candidate needs a common noun before it to be its subject
                for (int i = 1; i + width <= tokens.size() && reparses < MAX_REPARSES; i++) {
                    noun |= tokens.get(i - 1).tag().startsWith("NN") && !tokens.get(i - 1).tag().startsWith("NNP");
                    if (!noun) continue;
                    String[] tags = new String[width];
                    for (int k = 0; k < width; k++) {
                        CoreLabel t = tokens.get(i + k);
                        String previous = k > 0 ? "VBP" : tokens.get(i - 1).tag();
                        String next = k + 1 < width ? "VBP" : i + k + 1 < tokens.size() ? tokens.get(i + k + 1).tag() : ".";
                        tags[k] = verbTag(t, previous, next);
                    }
                    if (java.util.Arrays.asList(tags).contains(null)) continue;
                    String[] oldTags = new String[width], oldLemmas = new String[width];
                    for (int k = 0; k < width; k++) {
                        oldTags[k] = tokens.get(i + k).tag();
                        oldLemmas[k] = tokens.get(i + k).lemma();
                        retag(tokens.get(i + k), tags[k]);
                    }
                    SemanticGraph oldGraph = graph(sentence);
                    parse(sentence);
                    reparses++;
                    int pairs = agreeingPairs(sentence);
                    if (pairs > best) {
                        best = pairs;
                        retagged += width;
                        improved = true;
                    } else {
                        for (int k = 0; k < width; k++) {
                            tokens.get(i + k).setTag(oldTags[k]);
                            tokens.get(i + k).setLemma(oldLemmas[k]);
                        }
                        sentence.set(SemanticGraphCoreAnnotations.BasicDependenciesAnnotation.class, oldGraph);
                    }
                }
            }
        }
        return retagged;
    }

    /** The present-tense tag a word could have by its form, if it sits where a verb can (after a noun or a verb), else null. */
    private static String verbTag(CoreLabel t, String previousTag, String nextTag) {
        String word = t.word();
        boolean like = word.equals("like") && t.tag().equals("IN"); // "the guards like laughs": the tagger's preposition
        if (!like && !MAY_BE_A_VERB.contains(t.tag()) || !word.matches("[a-z]+") || !BEFORE_A_VERB.contains(previousTag)) return null;
        if (nextTag.startsWith("NN") || nextTag.equals("POS")) return null; // a noun compound's first part
        boolean third = word.endsWith("s") && !word.endsWith("ss") && !word.equals(Morphology.lemmaStatic(word, "VBZ"));
        return third ? "VBZ" : "VBP";
    }

    /**
     * Whether a main clause has a finite verb or modal: the root's clause, or one joined to it as a conjunct or
     * parataxis (a finite verb inside a relative or adverbial clause does not count: "the authors that the guard likes").
     */
    private static boolean finiteMainVerb(CoreMap sentence) {
        List<CoreLabel> tokens = tokens(sentence);
        SemanticGraph g = graph(sentence);
        for (SemanticGraphEdge e : g.edgeIterable()) {
            if (finite(tokens.get(e.getDependent().index() - 1).tag()) && mainClause(g, e)) return true;
        }
        for (IndexedWord root : g.getRoots()) if (finite(tokens.get(root.index() - 1).tag())) return true;
        return false;
    }

    /** Whether the clause that {@code e}'s dependent belongs to (itself, or its governor for an auxiliary or copula) is a main clause. */
    private static boolean mainClause(SemanticGraph g, SemanticGraphEdge e) {
        String r = e.getRelation().toString();
        IndexedWord clause = r.equals("aux") || r.equals("aux:pass") || r.equals("cop") ? e.getGovernor() : e.getDependent();
        for (int depth = 0; depth < 8; depth++) {
            if (g.getRoots().contains(clause)) return true;
            SemanticGraphEdge up = g.getIncomingEdgesSorted(clause).stream().findFirst().orElse(null);
            if (up == null || !Set.of("conj", "parataxis").contains(up.getRelation().toString())) return false;
            clause = up.getGovernor();
        }
        return false;
    }

    private static boolean finite(String tag) {
        return tag.equals("VBZ") || tag.equals("VBP") || tag.equals("VBD") || tag.equals("MD");
    }

    /** Nominal subjects before a present-tense verb (or its auxiliary/copula) whose number the verb's form matches. */
    private static int agreeingPairs(CoreMap sentence) {
        return AgreementItems.find(Parser.parsed(sentence)).items().size();
    }

    private void parse(CoreMap sentence) {
        Annotation one = new Annotation(sentence.get(CoreAnnotations.TextAnnotation.class));
        one.set(CoreAnnotations.TokensAnnotation.class, tokens(sentence));
        one.set(CoreAnnotations.SentencesAnnotation.class, List.of(sentence));
        depparse.annotate(one);
    }

    private static void retag(CoreLabel t, String tag) {
        t.setTag(tag);
        t.setLemma(Morphology.lemmaStatic(t.word(), tag));
    }

    private static List<CoreLabel> tokens(CoreMap sentence) {
        return sentence.get(CoreAnnotations.TokensAnnotation.class);
    }

    private static SemanticGraph graph(CoreMap sentence) {
        return sentence.get(SemanticGraphCoreAnnotations.BasicDependenciesAnnotation.class);
    }
}
