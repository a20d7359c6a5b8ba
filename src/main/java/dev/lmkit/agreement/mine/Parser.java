package dev.lmkit.agreement.mine;

import edu.stanford.nlp.ling.CoreAnnotations;
import edu.stanford.nlp.ling.CoreLabel;
import edu.stanford.nlp.pipeline.Annotation;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import edu.stanford.nlp.semgraph.SemanticGraph;
import edu.stanford.nlp.semgraph.SemanticGraphCoreAnnotations;
import edu.stanford.nlp.semgraph.SemanticGraphEdge;
import edu.stanford.nlp.util.CoreMap;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Stanford CoreNLP's English pipeline — tokenize, sentence split, POS tags, lemmas, the neural dependency
 * parser (basic Universal Dependencies) — over raw text, as {@link ParsedSentence}s.
 */
public final class Parser {
    private final StanfordCoreNLP pipeline;
    private final Retagger retagger;
    private final int threads;
    private final java.util.SortedMap<String, Long> retagged = new java.util.TreeMap<>();

    /**
     * {@code threads}: lines parsed at once; {@code tokenized}: the text is already tokenized (WikiText, PTB), split on
     * spaces only, so the suite keeps the corpus's tokens ("@-@", "&lt;unk&gt;") that a model trained on it knows.
     */
    public Parser(int threads, boolean tokenized, PrintStream log) {
        this.threads = threads;
        Properties p = CoreNlpModels.locate(log);
        p.setProperty("annotators", "tokenize,ssplit,pos,lemma,depparse");
        p.setProperty("tokenize.language", "en");
        if (tokenized) p.setProperty("tokenize.whitespace", "true");
        p.setProperty("ssplit.newlineIsSentenceBreak", "always"); // a line never continues into the next
        pipeline = new StanfordCoreNLP(p);
        retagger = new Retagger(p);
    }

    /** Words {@link Retagger} retagged so far, by repair. */
    public java.util.SortedMap<String, Long> retagged() {
        synchronized (retagged) {
            return new java.util.TreeMap<>(retagged);
        }
    }

    /** The sentences of {@code text}. */
    public List<ParsedSentence> parse(String text) {
        Annotation document = new Annotation(text);
        pipeline.annotate(document);
        repair(document);
        return sentences(document);
    }

    /** The sentences of each line, in order; the lines are parsed on the pipeline's threads. */
    public List<List<ParsedSentence>> parseLines(List<String> lines) {
        List<Annotation> documents = lines.stream().map(Annotation::new).toList();
        if (threads > 1) {
            pipeline.annotate(documents, threads, this::repair); // each document repaired on the thread that parsed it
        } else {
            for (Annotation d : documents) {
                pipeline.annotate(d);
                repair(d);
            }
        }
        return documents.stream().map(Parser::sentences).toList();
    }

    private void repair(Annotation document) {
        for (CoreMap sentence : document.get(CoreAnnotations.SentencesAnnotation.class)) {
            int[] repaired;
            try {
                repaired = retagger.repair(sentence);
            } catch (RuntimeException e) { // the parse as CoreNLP made it is kept, and the failure counted
                repaired = new int[3];
                synchronized (retagged) {
                    retagged.merge("repair failed, the parse kept (" + e.getClass().getSimpleName() + ")", 1L, Long::sum);
                }
            }
            synchronized (retagged) {
                if (repaired[0] > 0) retagged.merge(Retagger.DIRECT, (long) repaired[0], Long::sum);
                if (repaired[1] > 0) retagged.merge(Retagger.REPARSED, (long) repaired[1], Long::sum);
                if (repaired[2] > 0) retagged.merge(Retagger.RELATIVE, (long) repaired[2], Long::sum);
            }
        }
    }

    private static List<ParsedSentence> sentences(Annotation document) {
        List<ParsedSentence> out = new ArrayList<>();
        for (CoreMap sentence : document.get(CoreAnnotations.SentencesAnnotation.class)) out.add(parsed(sentence));
        return out;
    }

    /** One CoreNLP sentence (tags, lemmas, basic dependencies) as a {@link ParsedSentence}. */
    static ParsedSentence parsed(CoreMap sentence) {
        List<ParsedSentence.Token> tokens = new ArrayList<>();
        for (CoreLabel t : sentence.get(CoreAnnotations.TokensAnnotation.class)) tokens.add(new ParsedSentence.Token(t.word(), t.tag(), t.lemma()));
        return new ParsedSentence(tokens, edges(sentence.get(SemanticGraphCoreAnnotations.BasicDependenciesAnnotation.class)));
    }

    /** A CoreNLP dependency graph's edges with 0-based token indices. */
    private static List<ParsedSentence.Edge> edges(SemanticGraph graph) {
        List<ParsedSentence.Edge> edges = new ArrayList<>();
        for (SemanticGraphEdge e : graph.edgeIterable()) {
            edges.add(new ParsedSentence.Edge(e.getGovernor().index() - 1, e.getDependent().index() - 1, e.getRelation().toString()));
        }
        return edges;
    }
}
