package dev.lmkit.cli;

import dev.lmkit.eval.ScoredWords;
import dev.lmkit.Json;
import dev.lmkit.LmkitException;
import dev.lmkit.corpus.CorpusReader;
import dev.lmkit.eval.ScoredText;
import dev.lmkit.eval.Scorer;
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
    /** Lines scored (and printed) together: bounds memory and gives first results quickly. */
    static final int CHUNK = 1024;
    /** A sentence is scored as one sequence; longer texts are eval's job (it reads them in windows). */
    static final int MAX_CHARS = 100_000;

    @Mixin
    ModelOption model;
    @Mixin
    DeterministicOption deterministic;

    @Option(names = "--input", required = true, description = "One sentence per line (raw text).")
    Path input;

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

    @Override
    public Integer call() {
        if (batch < 1) throw new IllegalArgumentException("--batch must be at least 1, not " + batch);
        if (words && totals) throw new IllegalArgumentException("--totals sums whole sentences and --words sums words: choose one");
        ModelBundle bundle = ModelBundle.load(model.path);
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)));
        if (!json) out.println(totals ? "sentence_id\ttokens\tunknown_tokens\tsum_surprisal\tmean_surprisal_per_token"
                : words ? "sentence_id\tword_index\tword\tsurprisal\tpieces\tunknown" : "sentence_id\ttoken_index\ttoken\tsurprisal\tunknown");
        List<String> chunk = new ArrayList<>(CHUNK);
        int[] next = {0, 0}; // sentence id of the chunk's first line, input line number
        CorpusReader.forEachLine(input, "input", line -> {
            next[1]++;
            if (line.length() > MAX_CHARS) {
                throw new LmkitException("line " + next[1] + " has " + line.length() + " characters; score reads sentences of at most "
                        + MAX_CHARS + " (use eval for long texts): " + input);
            }
            if (prefix && line.indexOf('\t') < 0) {
                throw new LmkitException("--prefix: line " + next[1] + " has no tab between prefix and continuation: " + input);
            }
            chunk.add(line);
            if (chunk.size() == CHUNK) next[0] = flush(bundle, chunk, next[0], out);
        });
        flush(bundle, chunk, next[0], out);
        out.flush();
        return 0;
    }

    private int flush(ModelBundle bundle, List<String> lines, int firstId, PrintWriter out) {
        if (lines.isEmpty()) return firstId;
        List<String> prefixes = new ArrayList<>(), continuations = new ArrayList<>();
        if (prefix) {
            for (String line : lines) {
                int tab = line.indexOf('\t');
                prefixes.add(line.substring(0, tab));
                continuations.add(line.substring(tab + 1));
            }
        }
        int n;
        if (words) {
            List<ScoredWords> scored = prefix ? Scorer.continuationWords(bundle, prefixes, continuations, batch) : Scorer.sentenceWords(bundle, lines, batch);
            for (int i = 0; i < scored.size(); i++) print(firstId + i, scored.get(i), out);
            n = scored.size();
        } else {
            List<ScoredText> scored = prefix ? Scorer.continuations(bundle, prefixes, continuations, batch) : Scorer.sentences(bundle, lines, batch);
            for (int i = 0; i < scored.size(); i++) print(firstId + i, scored.get(i), out);
            n = scored.size();
        }
        out.flush();

        lines.clear();
        return firstId + n;
    }

    private void print(int id, ScoredText s, PrintWriter out) {
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("sentence_id", id);
            o.put("tokens", s.tokens());
            o.put("surprisals", s.surprisals());
            o.put("unknown", s.unknown());
            o.put("sum_surprisal", s.sum());
            o.put("mean_surprisal_per_token", s.size() == 0 ? null : s.mean());
            out.println(Json.write(o));
        } else if (totals) {
            out.printf(Locale.ROOT, "%d\t%d\t%d\t%.6f\t%.6f%n", id, s.size(), s.unknownCount(), s.sum(), s.mean());
        } else {
            for (int t = 0; t < s.size(); t++) {
                out.printf(Locale.ROOT, "%d\t%d\t%s\t%.6f\t%d%n", id, t, printable(s.tokens().get(t)), s.surprisals()[t],
                        s.unknown()[t] ? 1 : 0);
            }
        }
    }

    private void print(int id, ScoredWords s, PrintWriter out) {
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("sentence_id", id);
            o.put("words", s.words());
            o.put("surprisals", s.surprisals());
            o.put("pieces", s.pieces());
            o.put("unknown", s.unknown());
            o.put("sum_surprisal", s.sum());
            out.println(Json.write(o));
        } else {
            for (int w = 0; w < s.size(); w++) {
                out.printf(Locale.ROOT, "%d\t%d\t%s\t%.6f\t%d\t%d%n", id, w, printable(s.words().get(w)), s.surprisals()[w],
                        s.pieces()[w], s.unknown()[w] ? 1 : 0);
            }
        }
    }

    /** Newline and tab are tokens of character models; escape them so the TSV stays one row per token. */
    static String printable(String token) {
        return token.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t");
    }
}
