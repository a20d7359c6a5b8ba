package dev.lmkit.agreement.mine;

import java.util.Locale;
import java.util.Map;

/** summary.md of a mined suite: where it came from, items by attractors and construction, what was skipped and why. */
final class MiningSummary {
    private MiningSummary() {
    }

    static String markdown(Miner.Summary s, Miner.Options o) {
        StringBuilder md = new StringBuilder();
        md.append("# Agreement items mined from ").append(o.corpus()).append("\n\n");
        md.append(String.format(Locale.ROOT, "%d lines, %d sentences parsed by CoreNLP %s (English, basic UD dependencies) "
                        + "in %.1f s (%.0f sentences/s, %d threads); **%d items**%s; %d nonce sentences (--nonce %d, --seed %d).%n%n",
                s.lines(), s.sentences(), CoreNlpModels.VERSION, s.seconds(), s.sentences() / s.seconds(), o.threads(), s.items(),
                o.maxItems() > 0 ? " (--max-items " + o.maxItems() + ")" : "", s.nonceSentences(), o.nonce(), o.seed()));
        md.append("| attractors | items |\n|---:|---:|\n");
        s.byAttractors().forEach((k, n) -> md.append("| ").append(k).append(" | ").append(n).append(" |\n"));
        md.append("\n| construction (relations from subject to target) | items |\n|---|---:|\n");
        s.byConstruction().forEach((k, n) -> md.append("| ").append(k).append(" | ").append(n).append(" |\n"));
        long skipped = s.skipped().values().stream().mapToLong(Long::longValue).sum();
        md.append(String.format(Locale.ROOT, "%nEvery candidate accounted for: %d subject relations in the parses (nsubj, nsubj:pass) = "
                + "%d items + %d skipped.%n", s.candidates(), s.items(), skipped));
        md.append("\n| candidates skipped because | count |\n|---|---:|\n");
        for (Map.Entry<String, Long> e : s.skipped().entrySet()) {
            md.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n");
        }
        if (!s.retagged().isEmpty()) {
            md.append("\nThe tagger corrected where it contradicted the parse (the items these sentences give would be missing otherwise):\n\n"
                    + "| repair | words |\n|---|---:|\n");
            s.retagged().forEach((k, n) -> md.append("| ").append(k).append(" | ").append(n).append(" |\n"));
        }
        return md.toString();
    }
}
