package dev.lmkit.cli;

import dev.lmkit.LmkitException;
import dev.lmkit.corpus.CorpusReader;
import dev.lmkit.eval.DistributedScoring;
import dev.lmkit.eval.ScoreRows;
import dev.lmkit.model.ModelBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.*;
import java.util.concurrent.Callable;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Surprisal (bits) of each token of each input line, read as the model reads raw text, each line "
                + "from a fresh state after the line end; printed as it goes.",
                "TSV: sentence_id  token_index  token  surprisal  unknown (1 = not in the vocabulary, scored as <unk>).",
                "With --words: sentence_id  word_index  word  surprisal  pieces  unknown, a row per whitespace-separated word."})
final class ScoreCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;
    @Mixin
    DeterministicOption deterministic;

    @Option(names = "--input", required = true, description = "One sentence per line (raw text); with --spark also a URI (hdfs://…).")
    String input;

    @Option(names = "--prefix", description = "Each line is PREFIX<TAB>CONTINUATION: score only the continuation, "
            + "with the prefix as context (no line end is added).")
    boolean prefix;

    @Option(names = "--totals", description = "One row per sentence: tokens, unknown tokens, sum and mean surprisal per token.")
    boolean totals;

    @Option(names = "--words", description = "Surprisal per whitespace-separated word: the sum over the tokens it was read as "
            + "(a character model's characters with the space after the word; a word model's pieces such as do + n't); the line end is a row of its own.")
    boolean words;

    @Option(names = "--json", description = "JSON Lines: one object per sentence with its tokens, surprisals, unknown flags, sum and mean.")
    boolean json;

    @Option(names = "--batch", defaultValue = "64", description = "Sentences per forward pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--spark", description = "Score on a Spark cluster: local[N], spark://HOST:PORT or submit (spark/README.md); needs --out.")
    String spark;

    @Option(names = "--workers", defaultValue = "2", description = "With --spark: executor cores (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--out", description = "With --spark: a new directory (path or URI) for the part files and manifest.json.")
    String out;

    @Override
    public Integer call() {
        ScoreRows.Options o = new ScoreRows.Options(prefix, totals, words, json, batch);
        if (spark != null) {
            if (out == null) throw new IllegalArgumentException("score --spark writes part files: give --out DIR");
            long lines = DistributedScoring.find().score(model.path, input, out, o, new dev.lmkit.Cluster(spark, workers));
            System.out.printf(Locale.ROOT, "scored %d lines into %s (part files in order, manifest.json)%n", lines, out);
            return 0;
        }
        if (out != null) throw new IllegalArgumentException("--out goes with --spark (score prints to stdout)");
        if (dev.lmkit.config.DataConfig.isUri(input)) throw new LmkitException("--input " + input + ": a URI is read with --spark only");
        ModelBundle bundle = ModelBundle.load(model.path);
        PrintWriter printer = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)));
        if (o.header() != null) printer.println(o.header());
        List<String> chunk = new ArrayList<>(ScoreRows.CHUNK);
        long[] next = {0, 0}; // sentence id of the chunk's first line, input line number
        Path file = Path.of(input);
        CorpusReader.forEachLine(file, "input", line -> {
            ScoreRows.check(line, ++next[1], o, file);
            chunk.add(line);
            if (chunk.size() == ScoreRows.CHUNK) next[0] = flush(bundle, chunk, next[0], o, printer);
        });
        flush(bundle, chunk, next[0], o, printer);
        return 0;
    }

    private static long flush(ModelBundle bundle, List<String> lines, long firstId, ScoreRows.Options o, PrintWriter printer) {
        ScoreRows.score(bundle, lines, firstId, o, printer::println);
        printer.flush();
        long next = firstId + lines.size();
        lines.clear();
        return next;
    }
}
