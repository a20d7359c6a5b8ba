package dev.lmkit.agreement.mine;

import java.io.Serializable;
import java.util.*;

/**
 * What mining found in a run of corpus lines, in their order: lines and sentences read, candidates, the reasons
 * candidates were skipped, the items with their sentences, the content words the nonce lexicon learns and the words
 * the retagger corrected. Harvests of consecutive runs {@link #append} into the harvest of the whole, so the corpus can
 * be parsed in parts — lmkit-spark's executors send theirs to the driver — and give what one pass gives.
 */
public final class Harvest implements Serializable {
    /** An item and the sentence it came from. */
    record Mined(ParsedSentence sentence, AgreementItems.Item item) implements Serializable {
    }

    long lines, sentences, candidates;
    final SortedMap<String, Long> skipped = new TreeMap<>();
    final SortedMap<String, Long> retagged = new TreeMap<>();
    final List<Mined> items = new ArrayList<>();
    final NonceVariants nonce = new NonceVariants();

    /** Counts a line read, blank or not. */
    public void countLine() {
        lines++;
    }

    public int items() {
        return items.size();
    }

    /** Each parsed line's sentences: learned by the nonce lexicon, searched for items, the rest counted. */
    public void add(List<List<ParsedSentence>> parsedLines, int maxLength) {
        for (List<ParsedSentence> line : parsedLines) {
            for (ParsedSentence s : line) {
                sentences++;
                nonce.learn(s);
                AgreementItems.Found found = AgreementItems.find(s);
                candidates += found.candidates();
                if (s.tokens().size() > maxLength) {
                    if (found.candidates() > 0) skipped.merge("sentence longer than " + maxLength + " tokens", (long) found.candidates(), Long::sum);
                    continue;
                }
                found.skipped().forEach((reason, n) -> skipped.merge(reason, (long) n, Long::sum));
                for (AgreementItems.Item item : found.items()) items.add(new Mined(s, item));
            }
        }
    }

    /** Words the parser's retagger corrected while these lines were parsed. */
    public void retagged(SortedMap<String, Long> counts) {
        counts.forEach((k, n) -> retagged.merge(k, n, Long::sum));
    }

    /** This harvest followed by {@code later}'s, as if one pass had read both runs of lines. */
    public Harvest append(Harvest later) {
        lines += later.lines;
        sentences += later.sentences;
        candidates += later.candidates;
        later.skipped.forEach((k, n) -> skipped.merge(k, n, Long::sum));
        retagged(later.retagged);
        items.addAll(later.items);
        nonce.merge(later.nonce);
        return this;
    }
}
