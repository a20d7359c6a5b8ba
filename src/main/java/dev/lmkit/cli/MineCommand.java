package dev.lmkit.cli;

import dev.lmkit.LmkitException;
import dev.lmkit.agreement.mine.DistributedMining;
import dev.lmkit.agreement.mine.Miner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "mine", mixinStandardHelpOptions = true,
        description = "Mine subject-verb agreement items from raw English text with Stanford CoreNLP's dependency parser: "
                + "a target-word suite (NAME.text/.eval/.gold) and summary.md that agreement --suite scores. "
                + "The first run downloads CoreNLP's English models (474 MB) from Maven Central.")
final class MineCommand implements Callable<Integer> {
    @Option(names = "--corpus", required = true, description = "Raw text: a file, a directory of files, .gz; with --spark also a URI (hdfs://…).")
    String corpus;

    @Option(names = "--out", required = true, description = "Directory for the suite (must not exist).")
    Path out;

    @Option(names = "--max-items", defaultValue = "0", description = "Stop after this many items (default: 0 = the whole corpus).")
    int maxItems;

    @Option(names = "--max-length", defaultValue = "50", description = "Skip sentences of more tokens, as Linzen et al. (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--threads", description = "Parser threads (default: the processors available).")
    Integer threads;

    @Option(names = "--tokenized", description = "The corpus is already tokenized (WikiText, PTB): split on spaces only, keep its tokens.")
    boolean tokenized;

    @Option(names = "--nonce", defaultValue = "0", description = "Nonce variants per item: content words replaced by random words "
            + "of the same tag from the corpus (Gulordava et al. 2018), sent_id 1..K (default: ${DEFAULT-VALUE}).")
    int nonce;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the nonce variants (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--language", defaultValue = "en", description = "Only en: the item rules read Penn Treebank tags and English inflection (default: ${DEFAULT-VALUE}).")
    String language;

    @Option(names = "--json", description = "Print the counts as one JSON object.")
    boolean json;

    @Option(names = "--spark", description = "Parse on a Spark cluster: local[N], spark://HOST:PORT or submit (spark/README.md); "
            + "the suite files are those one machine writes.")
    String spark;

    @Option(names = "--workers", defaultValue = "2", description = "With --spark: executor cores (default: ${DEFAULT-VALUE}).")
    int workers;

    @Override
    public Integer call() {
        if (!language.equals("en")) {
            throw new IllegalArgumentException("--language " + language + ": only en is supported; CoreNLP parses other languages "
                    + "(de, fr, es, zh, ar, hu, it), but finding their agreement items and inflecting their verbs needs rules of their own");
        }
        if (maxItems < 0) throw new IllegalArgumentException("--max-items must be 0 (all) or more, not " + maxItems);
        if (maxLength < 2) throw new IllegalArgumentException("--max-length must be at least 2, not " + maxLength);
        if (nonce < 0) throw new IllegalArgumentException("--nonce must be 0 or more, not " + nonce);
        int n = threads != null ? threads : spark != null ? workers : Runtime.getRuntime().availableProcessors(); // under --spark: one parser per executor core
        if (n < 1) throw new IllegalArgumentException("--threads must be at least 1, not " + n);
        boolean uri = dev.lmkit.config.DataConfig.isUri(corpus);
        if (uri && spark == null) throw new LmkitException("--corpus " + corpus + ": a URI is read with --spark only");
        Path name = Path.of(uri ? java.net.URI.create(corpus).getPath() : corpus);
        Miner.Options options = new Miner.Options(name, out, maxItems, n, maxLength, tokenized, nonce, seed);
        Miner.Summary s = spark == null ? Miner.mine(options, System.err)
                : DistributedMining.find().mine(options, corpus, new dev.lmkit.Cluster(spark, workers), System.err);
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("suite", out.toString());
            o.put("sentences", s.sentences());
            o.put("candidates", s.candidates());
            o.put("items", s.items());
            o.put("nonce_sentences", s.nonceSentences());
            o.put("by_attractors", s.byAttractors());
            o.put("by_construction", s.byConstruction());
            o.put("skipped", s.skipped());
            o.put("retagged", s.retagged());
            o.put("seconds", s.seconds());
            Output.json(o);
        } else {
            System.out.println(s.items() + " items by attractors " + s.byAttractors() + "; suite and summary.md in " + out
                    + " (score it: ./lmkit agreement --model RUN --suite " + out + ")");
        }
        return 0;
    }
}
