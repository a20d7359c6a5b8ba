package dev.lmkit.cli;

import dev.lmkit.Json;
import dev.lmkit.eval.Nll;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the commands print: the {@code --json} object, or readable lines. */
final class Output {
    private Output() {
    }

    static void json(Map<String, ?> object) {
        System.out.println(Json.write(object));
    }

    /** The fields every command reports for a scored text. */
    static Map<String, Object> nll(Nll nll, long unseen, boolean chars) {
        return nll(nll, unseen, chars, -1);
    }

    /** {@code words}: for a subword model, the words among the scored tokens (then also a per-word perplexity, comparable with word models'); −1 otherwise. */
    static Map<String, Object> nll(Nll nll, long unseen, boolean chars, long words) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tokens", nll.tokens());
        out.put("sum_nll", nll.sum());
        out.put("mean_nll", nll.mean());
        out.put("perplexity", nll.perplexity());
        if (chars) out.put("bits_per_char", nll.bits());
        if (words > 0) {
            out.put("words", words);
            out.put("word_perplexity", Math.exp(nll.sum() / words));
        }
        out.put("unseen_tokens", unseen);
        return out;
    }
}
