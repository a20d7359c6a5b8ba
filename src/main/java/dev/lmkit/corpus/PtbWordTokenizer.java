package dev.lmkit.corpus;

import edu.stanford.nlp.process.CoreLabelTokenFactory;
import edu.stanford.nlp.process.PTBTokenizer;

import java.io.StringReader;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** Raw text through CoreNLP's PTBTokenizer (no models jar needed); {@code <eos>} per line. */
public final class PtbWordTokenizer implements Tokenizer {
    // invertible=false keeps the tokenizer light; ptb3Escaping=false leaves brackets and quotes as typed.
    private static final String OPTIONS = "invertible=false,ptb3Escaping=false,untokenizable=noneKeep";
    private final boolean lowercase;

    public PtbWordTokenizer(boolean lowercase) {
        this.lowercase = lowercase;
    }

    @Override
    public void tokenize(String line, Consumer<String> out) {
        var tokenizer = new PTBTokenizer<>(new StringReader(line), new CoreLabelTokenFactory(), OPTIONS);
        while (tokenizer.hasNext()) {
            String word = tokenizer.next().word();
            out.accept(lowercase ? word.toLowerCase(Locale.ROOT) : word);
        }
        out.accept(Vocabulary.EOS);
    }

    @Override
    public String lineEnd() {
        return Vocabulary.EOS;
    }

    @Override
    public String detokenize(List<String> tokens) {
        return WordText.join(tokens, line -> PTBTokenizer.ptb2Text(line));
    }
}
