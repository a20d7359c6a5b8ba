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
    private final int threads;

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
    }

    /** The sentences of {@code text}. */
    public List<ParsedSentence> parse(String text) {
        Annotation document = new Annotation(text);
        pipeline.annotate(document);
        return sentences(document);
    }

    /** The sentences of each line, in order; the lines are parsed on the pipeline's threads. */
    public List<List<ParsedSentence>> parseLines(List<String> lines) {
        List<Annotation> documents = lines.stream().map(Annotation::new).toList();
        if (threads > 1) pipeline.annotate(documents, threads, done -> { });
        else documents.forEach(pipeline::annotate);
        return documents.stream().map(Parser::sentences).toList();
    }

    private static List<ParsedSentence> sentences(Annotation document) {
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
