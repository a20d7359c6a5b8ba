package dev.lmkit.cli;

import dev.lmkit.corpus.EncodedText;
import dev.lmkit.corpus.Subwords;
import dev.lmkit.eval.Nll;
import dev.lmkit.eval.Scorer;
import dev.lmkit.model.ModelBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Perplexity of a text (state carried across the whole file, as in training).")
final class EvalCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;
    @Mixin
    DeterministicOption deterministic;

    @Option(names = "--data", required = true, description = "Text file, .gz or directory.")
    Path data;

    @Option(names = "--batch", description = "Parallel streams (default: the config's train.eval_batch).")
    Integer batch;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        if (batch != null && batch < 1) throw new IllegalArgumentException("--batch must be at least 1, not " + batch);
        ModelBundle bundle = ModelBundle.load(model.path);
        EncodedText text = bundle.text().encodeCorpus(data, "eval data");
        int streams = batch != null ? batch : bundle.config().train().evalBatch();
        long t0 = System.nanoTime();
        Nll nll = Scorer.textNll(bundle.net(), text.ids(), streams, bundle.config().train().bptt());
        double seconds = (System.nanoTime() - t0) / 1e9;
        boolean chars = bundle.config().data().charLevel();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("data", data.toString());
        long words = bundle.subwords() == null ? -1 : Subwords.wordStarts(bundle.vocab(), text.ids(), 1); // the first token is context
        out.putAll(Output.nll(nll, text.unseen(), chars, words));
        out.put("tokens_per_s", nll.tokens() / seconds);
        if (json) {
            Output.json(out);
        } else {
            System.out.printf("%s: %d tokens, mean NLL %.4f nats, perplexity %.2f%s, %d unseen tokens mapped to <unk>%n",
                    data, nll.tokens(), nll.mean(), nll.perplexity(),
                    chars ? String.format(", %.4f bits/char", nll.bits())
                            : words > 0 ? String.format(" (%d words: %.2f per word)", words, Math.exp(nll.sum() / words)) : "", text.unseen());
        }
        return 0;
    }
}
