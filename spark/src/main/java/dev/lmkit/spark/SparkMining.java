package dev.lmkit.spark;

import dev.lmkit.LmkitException;
import dev.lmkit.agreement.mine.DistributedMining;
import dev.lmkit.agreement.mine.Harvest;
import dev.lmkit.agreement.mine.Miner;
import dev.lmkit.agreement.mine.Parser;
import dev.lmkit.config.DataConfig;
import dev.lmkit.corpus.CorpusReader;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * {@code agreement mine --spark}: the corpus's lines in contiguous partitions, each parsed on an executor by a CoreNLP
 * pipeline that lives as long as the executor's JVM (the models load once per pipeline, a pipeline serves one task at a
 * time), their {@link Harvest}s collected and joined in corpus order, and the suite written on the driver by
 * {@link Miner#finish} — the same .text, .eval and .gold files, byte for byte, as one machine writes; summary.md differs
 * only in its timing. A local corpus is read on the driver by lmkit's reader; a URI by Spark's text input on the
 * executors (which replaces invalid UTF-8 instead of refusing it). Each executor finds CoreNLP's models as one machine does.
 */
public final class SparkMining implements DistributedMining {
    private static final Map<Boolean, Queue<Parser>> PARSERS = Map.of(true, new ConcurrentLinkedQueue<>(), false, new ConcurrentLinkedQueue<>());

    /** Found by {@link DistributedMining#find()} (META-INF/services). */
    public SparkMining() {
    }

    @Override
    public Miner.Summary mine(Miner.Options o, String corpus, dev.lmkit.Cluster request, PrintStream log) {
        if (Files.exists(o.out())) throw new LmkitException("output directory exists (agreement mine never overwrites): " + o.out());
        if (o.maxItems() > 0) {
            throw new LmkitException("--max-items stops one pass through the corpus where it has enough; --spark parses the whole corpus at once: leave --max-items out");
        }
        long t0 = System.nanoTime();
        boolean tokenized = o.tokenized();
        int maxLength = o.maxLength(), parts = Math.max(1, 4 * request.workers());
        List<Tuple2<Integer, Harvest>> harvests;
        try (JavaSparkContext sc = new JavaSparkContext(SparkConfs.forRun(request.master(), request.workers(), "lmkit agreement mine"))) {
            JavaRDD<String> lines;
            if (DataConfig.isUri(corpus)) {
                lines = sc.textFile(corpus, parts);
            } else {
                List<String> all = new ArrayList<>();
                CorpusReader.forEachLine(Path.of(corpus), all::add);
                lines = sc.parallelize(all, parts);
            }
            log.println("agreement mine: parsing " + lines.getNumPartitions() + " parts of " + corpus + " on " + request.master());
            harvests = new ArrayList<>(lines.mapPartitionsWithIndex((i, part) -> List.of(new Tuple2<>(i, harvest(part, tokenized, maxLength))).iterator(), true)
                    .collect());
        }
        harvests.sort(Comparator.comparingInt(Tuple2::_1));
        Harvest whole = new Harvest();
        for (Tuple2<Integer, Harvest> h : harvests) whole.append(h._2());
        return Miner.finish(whole, o, (System.nanoTime() - t0) / 1e9, log);
    }

    /** One part of the corpus, parsed as {@link Miner#mine} parses it: blank lines counted, the others in chunks. */
    static Harvest harvest(Iterator<String> lines, boolean tokenized, int maxLength) {
        Parser parser = PARSERS.get(tokenized).poll();
        if (parser == null) parser = new Parser(1, tokenized, System.err);
        try {
            SortedMap<String, Long> before = parser.retagged();
            Harvest h = new Harvest();
            List<String> chunk = new ArrayList<>();
            while (lines.hasNext()) {
                String line = lines.next();
                h.countLine();
                if (!line.isBlank()) chunk.add(line);
                if (chunk.size() == 64) {
                    h.add(parser.parseLines(chunk), maxLength);
                    chunk.clear();
                }
            }
            h.add(parser.parseLines(chunk), maxLength);
            SortedMap<String, Long> added = new TreeMap<>(parser.retagged());
            before.forEach((k, n) -> added.merge(k, -n, Long::sum));
            added.values().removeIf(n -> n == 0);
            h.retagged(added);
            return h;
        } finally {
            PARSERS.get(tokenized).add(parser);
        }
    }
}
