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
 * form, wrong form, lemma, attractors, subject, subject index, the attractors' indices or -), which {@code agreement --suite} reads, plus {@code summary.md}.
 */
public final class Miner {
    /** {@code nonce}: colorless-green variants per item ({@link NonceVariants}), seeded by {@code seed}. */
    public record Options(Path corpus, Path out, int maxItems, int threads, int maxLength, boolean tokenized, int nonce, long seed) {
        public Options(Path corpus, Path out, int maxItems, int threads, int maxLength, boolean tokenized) {
            this(corpus, out, maxItems, threads, maxLength, tokenized, 0, 1);
        }
    }

    /**
     * Counts: items by attractors and by construction; {@code candidates} (subject relations in the parses) =
     * {@code items} + the {@code skipped} counts by reason; words the {@link Retagger} corrected, by repair.
     */
    public record Summary(long lines, long sentences, long candidates, long items, long nonceSentences, SortedMap<Integer, Long> byAttractors,
                          SortedMap<String, Long> byConstruction, SortedMap<String, Long> skipped, SortedMap<String, Long> retagged,
                          double seconds) {
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
        Harvest harvest = new Harvest();
        long t0 = System.nanoTime();
        MiningProgress progress = new MiningProgress(log, totalBytes, t0);
        List<String> chunk = new ArrayList<>();
        long[] bytes = {0};
        try {
            CorpusReader.forEachLine(o.corpus(), line -> {
                harvest.countLine();
                bytes[0] += line.length() + 1;
                if (!line.isBlank()) chunk.add(line);
                if (chunk.size() == CHUNK_LINES) {
                    harvest.add(parser.parseLines(chunk), o.maxLength());
                    chunk.clear();
                    progress.update(bytes[0], harvest.sentences, harvest.items());
                    if (o.maxItems() > 0 && harvest.items() >= o.maxItems()) throw new Enough();
                }
            });
            harvest.add(parser.parseLines(chunk), o.maxLength());
        } catch (Enough e) {
            // --max-items reached: the rest of the corpus is not read
        }
        harvest.retagged(parser.retagged());
        double seconds = (System.nanoTime() - t0) / 1e9;
        return finish(harvest, o, seconds, log);
    }

    /**
     * The suite from a corpus's harvest: the first {@code --max-items} items, each followed by its nonce variants
     * (seeded by the item's number), written as {@code mine} writes them.
     */
    public static Summary finish(Harvest harvest, Options o, double seconds, PrintStream log) {
        List<Harvest.Mined> found = harvest.items;
        List<Harvest.Mined> kept = o.maxItems() > 0 && found.size() > o.maxItems() ? found.subList(0, o.maxItems()) : found;
        if (kept.size() < found.size()) harvest.skipped.merge("beyond --max-items", (long) (found.size() - kept.size()), Long::sum);
        new MiningProgress(log, 0, 0).done(harvest.sentences, kept.size(), seconds);
        List<String> text = new ArrayList<>(), eval = new ArrayList<>(), gold = new ArrayList<>();
        long nonceSentences = 0;
        for (int id = 1; id <= kept.size(); id++) {
            Harvest.Mined f = kept.get(id - 1);
            add(f, f.sentence().words(), id, 0, text, eval, gold);
            List<List<String>> variants = harvest.nonce.variants(f.sentence(), f.item(), o.nonce(), o.seed() * 1_000_003L + id);
            for (int v = 0; v < variants.size(); v++) add(f, variants.get(v), id, v + 1, text, eval, gold);
            nonceSentences += variants.size();
        }
        SortedMap<Integer, Long> byAttractors = new TreeMap<>();
        SortedMap<String, Long> byConstruction = new TreeMap<>();
        for (Harvest.Mined f : kept) {
            byAttractors.merge(f.item().attractors(), 1L, Long::sum);
            byConstruction.merge(f.item().construction(), 1L, Long::sum);
        }
        Summary summary = new Summary(harvest.lines, harvest.sentences, harvest.candidates, kept.size(), nonceSentences, byAttractors,
                byConstruction, harvest.skipped, harvest.retagged, seconds);
        write(o.out(), text, eval, gold, summary, o);
        return summary;
    }

    /** One line of each file: sentence {@code sentId} (0 = the corpus's own, 1… = nonce) of item {@code id}. */
    private static void add(Harvest.Mined f, List<String> words, int id, int sentId, List<String> text, List<String> eval, List<String> gold) {
        AgreementItems.Item item = f.item();
        ParsedSentence.Token target = f.sentence().token(item.target());
        text.add(String.join(" ", words.stream().map(w -> w.replaceAll("\\s+", "_")).toList()) + " <eos>");
        eval.add(Integer.toString(item.target()));
        gold.add(String.join("\t", item.construction(), Integer.toString(id), Integer.toString(sentId),
                Integer.toString(item.target()), item.tag(), item.pluralSubject() ? "plur" : "sing", item.correct(), item.wrong(),
                target.lemma(), Integer.toString(item.attractors()), words.get(item.subject()), Integer.toString(item.subject()),
                dev.lmkit.agreement.SubjectNumber.indices(AgreementItems.attractorIndices(f.sentence(), item.subject(), item.target(), item.pluralSubject()))));
    }

    private static void write(Path out, List<String> text, List<String> eval, List<String> gold, Summary summary, Options o) {
        String name = o.corpus().getFileName().toString().replaceFirst("(\\.(txt|tokens|raw))?(\\.gz)?$", "");
        try {
            // a fresh temporary directory per run: a killed run's leftovers are never shipped
            dev.lmkit.OutputFiles.writeDirectory(out, tmp -> {
                Files.write(tmp.resolve(name + ".text"), text);
                Files.write(tmp.resolve(name + ".eval"), eval);
                Files.write(tmp.resolve(name + ".gold"), gold);
                Files.writeString(tmp.resolve("summary.md"), MiningSummary.markdown(summary, o));
                try (var files = Files.list(tmp)) {
                    for (Path f : files.toList()) dev.lmkit.OutputFiles.readableByAll(f);
                }
            });
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
}
