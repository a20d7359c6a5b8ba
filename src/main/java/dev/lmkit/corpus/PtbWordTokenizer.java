package dev.lmkit.corpus;

import edu.stanford.nlp.process.CoreLabelTokenFactory;
import edu.stanford.nlp.process.PTBTokenizer;

import java.io.StringReader;
import java.util.function.ObjIntConsumer;

/** Raw text through CoreNLP's PTBTokenizer (no models jar needed); {@code <eos>} per line. */
public final class PtbWordTokenizer extends WordTokenizer {
    // invertible=false keeps the tokenizer light; ptb3Escaping=false leaves brackets and quotes as typed.
    private static final String OPTIONS = "invertible=false,ptb3Escaping=false,untokenizable=noneKeep";

    public PtbWordTokenizer(boolean lowercase) {
        super(lowercase);
    }

    @Override
    void words(String line, ObjIntConsumer<String> out) {
        var tokenizer = new PTBTokenizer<>(new StringReader(line), new CoreLabelTokenFactory(), OPTIONS);
        while (tokenizer.hasNext()) {
            var token = tokenizer.next();
            out.accept(token.word(), token.beginPosition());
        }
    }

    @Override
    String finishLine(String joined) {
        return PTBTokenizer.ptb2Text(joined);
    }
}
