package dev.lmkit.train;

import dev.lmkit.LmkitException;
import dev.lmkit.config.ConfigBinder;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.model.ModelBundle;

import java.nio.file.Path;
import java.util.*;

/**
 * A run resumes only with the network and data it was started with: every {@code data.*} and
 * {@code model.*} key must be unchanged and the corpus must give the same vocabulary. Training keys
 * ({@code lr}, {@code epochs}, {@code time_budget}, …) may change; the new values are recorded in the
 * run's config.yaml and checkpoints.
 */
public final class ResumeCheck {
    private ResumeCheck() {
    }

    public static void compatible(ModelBundle checkpoint, LmConfig config, Corpus corpus, Path from) {
        List<String> differ = differing(checkpoint.config(), config, "in the checkpoint", "data.", "model.");
        if (!differ.isEmpty()) {
            throw new LmkitException("cannot resume with a different network or data: " + String.join(", ", differ) + ": " + from);
        }
        if (!checkpoint.vocab().equals(corpus.vocab())) {
            throw new LmkitException("model/vocabulary mismatch: the corpus gives a different vocabulary than " + from);
        }
    }

    /**
     * {@code train --init-from}: a new corpus may start from another model's weights when the network
     * ({@code model.embedding}, {@code model.hidden}, {@code model.tie_weights}) and the vocabulary are the same; dropout, init and
     * everything in {@code train} may differ.
     */
    static void sameNetwork(ModelBundle source, LmConfig config, Corpus corpus, Path from) {
        List<String> differ = differing(source.config(), config, "there", "model.embedding", "model.hidden", "model.tie_weights");
        if (!differ.isEmpty()) {
            throw new LmkitException("cannot start from a network of another shape: " + String.join(", ", differ) + ": " + from);
        }
        if (!source.vocab().equals(corpus.vocab())) {
            throw new LmkitException("cannot start from a model with another vocabulary (" + source.vocab().size() + " tokens there, "
                    + corpus.vocab().size() + " from this corpus; keep data.min_count, max_vocab and the text the vocabulary came from): " + from);
        }
    }

    private static List<String> differing(LmConfig saved, LmConfig now, String where, String... prefixes) {
        Map<String, Object> a = flat(saved), b = flat(now);
        List<String> differ = new ArrayList<>();
        for (String key : b.keySet()) {
            boolean checked = Arrays.stream(prefixes).anyMatch(key::startsWith);
            if (checked && !Objects.equals(a.get(key), b.get(key))) {
                differ.add(key + " (" + a.get(key) + " " + where + ", " + b.get(key) + " now)");
            }
        }
        return differ;
    }

    private static Map<String, Object> flat(LmConfig config) {
        Map<String, Object> out = new TreeMap<>();
        flatten("", ConfigBinder.toTree(config), out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object node, Map<String, Object> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, out));
        } else {
            out.put(prefix, node);
        }
    }
}
