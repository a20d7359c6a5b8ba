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
final class ResumeCheck {
    private ResumeCheck() {
    }

    static void compatible(ModelBundle checkpoint, LmConfig config, Corpus corpus, Path from) {
        List<String> differ = new ArrayList<>();
        Map<String, Object> saved = flat(checkpoint.config()), now = flat(config);
        for (String key : now.keySet()) {
            if ((key.startsWith("data.") || key.startsWith("model.")) && !Objects.equals(saved.get(key), now.get(key))) {
                differ.add(key + " (" + saved.get(key) + " in the checkpoint, " + now.get(key) + " now)");
            }
        }
        if (!differ.isEmpty()) {
            throw new LmkitException("cannot resume with a different network or data: " + String.join(", ", differ) + ": " + from);
        }
        if (!checkpoint.vocab().equals(corpus.vocab())) {
            throw new LmkitException("model/vocabulary mismatch: the corpus gives a different vocabulary than " + from);
        }
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
