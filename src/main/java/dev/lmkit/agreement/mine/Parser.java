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

    /** {@code threads}: sentences parsed at once (CoreNLP's own worker threads). */
    public Parser(int threads, PrintStream log) {
        Properties p = CoreNlpModels.locate(log);
        p.setProperty("annotators", "tokenize,ssplit,pos,lemma,depparse");
        p.setProperty("tokenize.language", "en");
        p.setProperty("ssplit.newlineIsSentenceBreak", "always"); // a line never continues into the next
        p.setProperty("threads", Integer.toString(threads));
        p.setProperty("depparse.nthreads", Integer.toString(threads));
        pipeline = new StanfordCoreNLP(p);
    }

    /** The sentences of {@code text}. */
    public List<ParsedSentence> parse(String text) {
        Annotation document = new Annotation(text);
        pipeline.annotate(document);
        List<ParsedSentence> out = new ArrayList<>();
        for (CoreMap sentence : document.get(CoreAnnotations.SentencesAnnotation.class)) {
            List<ParsedSentence.Token> tokens = new ArrayList<>();
            for (CoreLabel t : sentence.get(CoreAnnotations.TokensAnnotation.class)) {
                tokens.add(new ParsedSentence.Token(t.word(), t.tag(), t.lemma()));
            }
            List<ParsedSentence.Edge> edges = new ArrayList<>();
            SemanticGraph graph = sentence.get(SemanticGraphCoreAnnotations.BasicDependenciesAnnotation.class);
            for (SemanticGraphEdge e : graph.edgeIterable()) {
                edges.add(new ParsedSentence.Edge(e.getGovernor().index() - 1, e.getDependent().index() - 1, e.getRelation().toString()));
            }
            out.add(new ParsedSentence(tokens, edges));
        }
        return out;
    }
}
