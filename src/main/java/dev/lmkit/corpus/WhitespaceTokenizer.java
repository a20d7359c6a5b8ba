package dev.lmkit.corpus;

import java.util.function.ObjIntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pre-tokenized text as PTB and WikiText are distributed: split on whitespace, {@code <eos>} per line. */
public final class WhitespaceTokenizer extends WordTokenizer {

    public WhitespaceTokenizer(boolean lowercase) {
        super(lowercase);
    }

    @Override
    void words(String line, ObjIntConsumer<String> out) {
        String trimmed = line.trim(); // then runs of non-\s characters: how the corpora were always split
        int offset = line.indexOf(trimmed);
        Matcher m = TOKEN.matcher(trimmed);
        while (m.find()) out.accept(m.group(), offset + m.start());
    }

    private static final Pattern TOKEN = Pattern.compile("\\S+");

    @Override
    String finishLine(String joined) {
        return joined;
    }
}
