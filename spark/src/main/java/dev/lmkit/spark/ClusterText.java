package dev.lmkit.spark;

import dev.lmkit.config.DataConfig;
import dev.lmkit.corpus.IdArrays;
import dev.lmkit.corpus.Tokenizer;
import dev.lmkit.corpus.Vocabulary;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.dataset.DataSet;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A training text too large for the driver, read, counted and cut into chunks by the executors: the vocabulary from a
 * word count, then each token placed where {@link Shards} would place it — the text as {@code batch} contiguous streams,
 * cut along time into chunks of {@code steps} — so a chunk is the same DataSet either way. Spark's text input keeps
 * the partitions in the file's order, so a token's position is its partition's offset plus its index there.
 */
final class ClusterText {
    private final JavaRDD<String> lines;
    private final DataConfig.Mode mode;
    private final DataConfig.Tokenization tokenizer;
    private final boolean lowercase;

    /** {@code partitions}: at least this many input splits (Spark's text input cuts the file into byte ranges). */
    ClusterText(JavaSparkContext sc, String uri, int partitions, DataConfig.Mode mode, DataConfig.Tokenization tokenizer, boolean lowercase) {
        this.lines = sc.textFile(uri, partitions);
        this.mode = mode;
        this.tokenizer = tokenizer;
        this.lowercase = lowercase;
    }

    /** Token counts of the whole text, as {@code Corpus.load} counts them on one machine. */
    Map<String, Long> counts() {
        DataConfig.Mode m = mode;
        DataConfig.Tokenization t = tokenizer;
        boolean lower = lowercase;
        return new HashMap<>(lines.mapPartitions(part -> {
            Tokenizer tok = Tokenizer.of(m, t, lower);
            List<String> out = new ArrayList<>();
            while (part.hasNext()) tok.tokenize(part.next(), out::add);
            return out.iterator();
        }).countByValue());
    }

    /** The chunks of {@code batch} streams × {@code steps}, kept on the executors. */
    Chunks chunks(JavaSparkContext sc, Vocabulary vocab, int batch, int steps) {
        DataConfig.Mode m = mode;
        DataConfig.Tokenization t = tokenizer;
        boolean lower = lowercase;
        Broadcast<List<String>> words = sc.broadcast(new ArrayList<>(vocab.tokens()));
        if (batch > 4096 || steps > 1 << 20) throw new IllegalArgumentException("at most 4096 streams of 2^20 steps per chunk");
        JavaRDD<int[]> ids = lines.mapPartitions(part -> {
            Tokenizer tok = Tokenizer.of(m, t, lower);
            Vocabulary v = new Vocabulary(words.value());
            int[][] buf = {new int[1 << 16]};
            int[] n = {0};
            while (part.hasNext()) {
                tok.tokenize(part.next(), w -> {
                    if (n[0] == buf[0].length) buf[0] = java.util.Arrays.copyOf(buf[0], buf[0].length * 2);
                    buf[0][n[0]++] = v.id(w);
                });
            }
            return List.of(java.util.Arrays.copyOf(buf[0], n[0])).iterator();
        }).persist(StorageLevel.MEMORY_AND_DISK_SER());
        List<Integer> sizes = ids.map(a -> a.length).collect();
        long[] offsets = new long[sizes.size()];
        long total = 0;
        for (int i = 0; i < sizes.size(); i++) {
            offsets[i] = total;
            total += sizes.get(i);
        }
        long streamLength = (total - 1) / batch, count = streamLength / steps; // BpttBatches and Shards
        if (count < 1) {
            throw new IllegalArgumentException("the training text (" + total + " tokens) is shorter than one chunk: " + batch
                    + " streams of " + steps + " steps");
        }
        JavaPairRDD<Integer, Long> placed = ids.mapPartitionsWithIndex((p, part) -> new Cells(part.next(), offsets[p], streamLength,
                steps, batch, count), true).mapToPair(x -> x);
        JavaPairRDD<Integer, DataSet> chunks = placed.groupByKey().mapValues(cells -> chunk(cells, batch, steps))
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        chunks.count();
        ids.unpersist(false);
        return Chunks.onCluster(chunks, (int) count);
    }

    /**
     * Every token of one partition as the input at its position and the label at the one before, each a (chunk, cell)
     * pair — made one at a time, as a partition may hold millions. A cell is one long: kind (input 0, label 1), stream,
     * step and id; positions beyond the last whole chunk are left out, as {@link Shards} leaves them.
     */
    private static final class Cells implements Iterator<Tuple2<Integer, Long>> {
        private final int[] ids;
        private final long offset, streamLength, count;
        private final int steps, batch;
        private int i, kind;
        private Tuple2<Integer, Long> next;

        Cells(int[] ids, long offset, long streamLength, int steps, int batch, long count) {
            this.ids = ids;
            this.offset = offset;
            this.streamLength = streamLength;
            this.steps = steps;
            this.batch = batch;
            this.count = count;
            advance();
        }

        private void advance() {
            next = null;
            while (next == null && i < ids.length) {
                long pos = offset + i - kind; // kind 0: the input at this position; 1: the label of the position before
                int id = ids[i], k = kind;
                if (++kind == 2) {
                    kind = 0;
                    i++;
                }
                if (pos < 0) continue;
                long stream = pos / streamLength, at = pos % streamLength, chunk = at / steps;
                if (stream < batch && chunk < count) next = new Tuple2<>((int) chunk, (long) k << 63 | stream << 51 | (at % steps) << 31 | id);
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public Tuple2<Integer, Long> next() {
            Tuple2<Integer, Long> out = next;
            advance();
            return out;
        }
    }

    private static DataSet chunk(Iterable<Long> cells, int batch, int steps) {
        float[] in = new float[batch * steps], next = new float[batch * steps];
        for (Iterator<Long> it = cells.iterator(); it.hasNext(); ) {
            long c = it.next();
            int stream = (int) (c >>> 51 & 0xFFF), step = (int) (c >>> 31 & 0xFFFFF), id = (int) (c & 0x7FFFFFFF);
            (c < 0 ? next : in)[stream * steps + step] = id;
        }
        return new DataSet(IdArrays.of(in, batch, steps), IdArrays.of(next, batch, steps));
    }
}
