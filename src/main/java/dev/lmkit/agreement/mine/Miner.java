package dev.lmkit.agreement.mine;

import dev.lmkit.LmkitException;
import dev.lmkit.corpus.CorpusReader;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;

/**
 * {@code agreement mine}: raw text in, a colorlessgreenRNNs target-word suite out. Streams the corpus in chunks
 * of lines, parses them ({@link Parser}), keeps every agreement item ({@link AgreementItems}) and writes
 * {@code NAME.text} (one tokenized sentence per line ending in {@code <eos>}), {@code NAME.eval} (the target's
 * 0-based index) and {@code NAME.gold} (construction, item id, sentence id, index, tag, subject number, correct
 * form, wrong form, lemma, attractors, subject, subject index), which {@code agreement --suite} reads, plus {@code summary.md}.
 */
public final class Miner {
    public record Options(Path corpus, Path out, int maxItems, int threads, int maxLength, boolean tokenized) {
    }

    /** Counts: items by attractors and by construction, skipped candidates by reason. */
    public record Summary(long lines, long sentences, long items, SortedMap<Integer, Long> byAttractors,
                          SortedMap<String, Long> byConstruction, SortedMap<String, Long> skipped, double seconds) {
    }

    static final int CHUNK_LINES = 64;

    private Miner() {
    }

    public static Summary mine(Options o, PrintStream log) {
        if (Files.exists(o.out())) throw new LmkitException("output directory exists (agreement mine never overwrites): " + o.out());
        List<Path> files = CorpusReader.files(o.corpus());
        long totalBytes = 0;
        for (Path f : files) totalBytes += size(f);
        Parser parser = new Parser(o.threads(), o.tokenized(), log);
        Counts counts = new Counts();
        List<String> text = new ArrayList<>(), eval = new ArrayList<>(), gold = new ArrayList<>();
        long t0 = System.nanoTime();
        MiningProgress progress = new MiningProgress(log, totalBytes, t0);
        List<String> chunk = new ArrayList<>();
        long[] bytes = {0};
        try {
            CorpusReader.forEachLine(o.corpus(), line -> {
                counts.lines++;
                bytes[0] += line.length() + 1;
                if (!line.isBlank()) chunk.add(line);
                if (chunk.size() == CHUNK_LINES) {
                    addItems(parser.parseLines(chunk), o, counts, text, eval, gold);
                    chunk.clear();
                    progress.update(bytes[0], counts.sentences, counts.items);
                    if (o.maxItems() > 0 && counts.items >= o.maxItems()) throw new Enough();
                }
            });
            addItems(parser.parseLines(chunk), o, counts, text, eval, gold);
        } catch (Enough e) {
            // --max-items reached: the rest of the corpus is not read
        }
        int keep = o.maxItems() > 0 ? Math.min(o.maxItems(), text.size()) : text.size();
        double seconds = (System.nanoTime() - t0) / 1e9;
        progress.done(counts.sentences, keep, seconds);
        Summary summary = counts.summary(gold.subList(0, keep), seconds);
        write(o.out(), text.subList(0, keep), eval.subList(0, keep), gold.subList(0, keep), summary, o);
        return summary;
    }

    private static void addItems(List<List<ParsedSentence>> parsed, Options o, Counts counts,
                                 List<String> text, List<String> eval, List<String> gold) {
        for (List<ParsedSentence> line : parsed) {
            for (ParsedSentence s : line) {
                counts.sentences++;
                if (s.tokens().size() > o.maxLength()) {
                    counts.skipped.merge("sentence longer than " + o.maxLength() + " tokens", 1L, Long::sum);
                    continue;
                }
                AgreementItems.Found found = AgreementItems.find(s);
                found.skipped().forEach((reason, n) -> counts.skipped.merge(reason, (long) n, Long::sum));
                String words = String.join(" ", s.words().stream().map(w -> w.replaceAll("\\s+", "_")).toList()) + " <eos>";
                for (AgreementItems.Item item : found.items()) {
                    counts.items++;
                    text.add(words);
                    eval.add(Integer.toString(item.target()));
                    gold.add(String.join("\t", item.construction(), Long.toString(counts.items), "0",
                            Integer.toString(item.target()), item.tag(), item.pluralSubject() ? "plur" : "sing",
                            item.correct(), item.wrong(), s.token(item.target()).lemma(), Integer.toString(item.attractors()),
                            s.token(item.subject()).word(), Integer.toString(item.subject())));
                }
            }
        }
    }

    private static void write(Path out, List<String> text, List<String> eval, List<String> gold, Summary summary, Options o) {
        String name = o.corpus().getFileName().toString().replaceFirst("(\\.(txt|tokens|raw))?(\\.gz)?$", "");
        try {
            Path tmp = Files.createDirectories(out.resolveSibling(out.getFileName() + ".mining"));
            Files.write(tmp.resolve(name + ".text"), text);
            Files.write(tmp.resolve(name + ".eval"), eval);
            Files.write(tmp.resolve(name + ".gold"), gold);
            Files.writeString(tmp.resolve("summary.md"), MiningSummary.markdown(summary, o));
            Files.move(tmp, out); // the suite appears whole or not at all
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the mined suite to " + out + ": " + e.getMessage(), e);
        }
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0;
        }
    }

    private static final class Enough extends RuntimeException {
        Enough() {
            super(null, null, false, false);
        }
    }

    private static final class Counts {
        long lines, sentences, items;
        final SortedMap<String, Long> skipped = new TreeMap<>();

        Summary summary(List<String> gold, double seconds) {
            SortedMap<Integer, Long> byAttractors = new TreeMap<>();
            SortedMap<String, Long> byConstruction = new TreeMap<>();
            for (String g : gold) {
                String[] c = g.split("\t");
                byAttractors.merge(Integer.parseInt(c[9]), 1L, Long::sum);
                byConstruction.merge(c[0], 1L, Long::sum);
            }
            return new Summary(lines, sentences, gold.size(), byAttractors, byConstruction, skipped, seconds);
        }
    }
}
