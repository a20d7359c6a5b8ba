package dev.lmkit.eval;

import dev.lmkit.Json;
import dev.lmkit.LmkitException;
import dev.lmkit.corpus.Tokenizer;
import dev.lmkit.model.ModelBundle;

import java.util.*;
import java.util.function.Consumer;

/**
 * What {@code ./lmkit score} prints for a chunk of input lines: a TSV row per token (or per word, or per sentence) or
 * a JSON object per sentence. One place for the checks on a line, the scoring of a chunk and the rows' format, so that
 * {@code score --spark} writes what {@code score} prints.
 */
public final class ScoreRows {
    /** Lines scored (and printed) together: bounds memory and gives first results quickly. */
    public static final int CHUNK = 1024;
    /** A sentence is scored as one sequence; longer texts are eval's job (it reads them in windows). */
    public static final int MAX_CHARS = 100_000;

    /** {@code prefix}: each line is PREFIX&lt;TAB&gt;CONTINUATION; {@code batch}: sentences per forward pass. */
    public record Options(boolean prefix, boolean totals, boolean words, boolean json, int batch) implements java.io.Serializable {
        public Options {
            if (batch < 1) throw new IllegalArgumentException("--batch must be at least 1, not " + batch);
            if (words && totals) throw new IllegalArgumentException("--totals sums whole sentences and --words sums words: choose one");
        }

        /** The TSV header, or null for JSON Lines. */
        public String header() {
            if (json) return null;
            return totals ? "sentence_id\ttokens\tunknown_tokens\tsum_surprisal\tmean_surprisal_per_token"
                    : words ? "sentence_id\tword_index\tword\tsurprisal\tpieces\tunknown" : "sentence_id\ttoken_index\ttoken\tsurprisal\tunknown";
        }
    }

    private ScoreRows() {
    }

    /** Why input line {@code lineNo} of {@code source} cannot be scored, or null. */
    public static String problem(String line, long lineNo, Options o) {
        if (line.length() > MAX_CHARS) {
            return "line " + lineNo + " has " + line.length() + " characters; score reads sentences of at most " + MAX_CHARS
                    + " (use eval for long texts)";
        }
        if (o.prefix() && line.indexOf('\t') < 0) return "--prefix: line " + lineNo + " has no tab between prefix and continuation";
        return null;
    }

    public static void check(String line, long lineNo, Options o, Object source) {
        String problem = problem(line, lineNo, o);
        if (problem != null) throw new LmkitException(problem + ": " + source);
    }

    /** Scores {@code lines} (sentence ids from {@code firstId}) and hands each printed row to {@code out}, in order. */
    public static void score(ModelBundle bundle, List<String> lines, long firstId, Options o, Consumer<String> out) {
        if (lines.isEmpty()) return;
        List<String> prefixes = new ArrayList<>(), continuations = new ArrayList<>();
        if (o.prefix()) {
            for (String line : lines) {
                int tab = line.indexOf('\t');
                prefixes.add(line.substring(0, tab));
                continuations.add(line.substring(tab + 1));
            }
        }
        if (o.words()) {
            List<ScoredWords> scored = o.prefix() ? Scorer.continuationWords(bundle, prefixes, continuations, o.batch())
                    : Scorer.sentenceWords(bundle, lines, o.batch());
            for (int i = 0; i < scored.size(); i++) rows(firstId + i, scored.get(i), o, out);
        } else {
            List<ScoredText> scored = o.prefix() ? Scorer.continuations(bundle, prefixes, continuations, o.batch())
                    : Scorer.sentences(bundle, lines, o.batch());
            for (int i = 0; i < scored.size(); i++) rows(firstId + i, scored.get(i), o, out);
        }
    }

    private static void rows(long id, ScoredText s, Options o, Consumer<String> out) {
        if (o.json()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("sentence_id", id);
            j.put("tokens", s.tokens());
            j.put("surprisals", s.surprisals());
            j.put("unknown", s.unknown());
            j.put("sum_surprisal", s.sum());
            j.put("mean_surprisal_per_token", s.size() == 0 ? null : s.mean());
            out.accept(Json.write(j));
        } else if (o.totals()) {
            out.accept(String.format(Locale.ROOT, "%d\t%d\t%d\t%.6f\t%.6f", id, s.size(), s.unknownCount(), s.sum(), s.mean()));
        } else {
            for (int t = 0; t < s.size(); t++) {
                out.accept(String.format(Locale.ROOT, "%d\t%d\t%s\t%.6f\t%d", id, t, printable(s.tokens().get(t)), s.surprisals()[t],
                        s.unknown()[t] ? 1 : 0));
            }
        }
    }

    private static void rows(long id, ScoredWords s, Options o, Consumer<String> out) {
        if (o.json()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("sentence_id", id);
            j.put("words", s.words());
            j.put("surprisals", s.surprisals());
            j.put("pieces", s.pieces());
            j.put("unknown", s.unknown());
            j.put("sum_surprisal", s.sum());
            out.accept(Json.write(j));
        } else {
            for (int w = 0; w < s.size(); w++) {
                out.accept(String.format(Locale.ROOT, "%d\t%d\t%s\t%.6f\t%d\t%d", id, w, printable(s.words().get(w)), s.surprisals()[w],
                        s.pieces()[w], s.unknown()[w] ? 1 : 0));
            }
        }
    }

    /** Newline and tab are tokens of character models; escape them so the TSV stays one row per token. */
    public static String printable(String token) {
        return token.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t");
    }
}
