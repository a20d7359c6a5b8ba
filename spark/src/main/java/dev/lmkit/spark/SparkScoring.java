package dev.lmkit.spark;

import dev.lmkit.Json;
import dev.lmkit.LmkitException;
import dev.lmkit.config.DataConfig;
import dev.lmkit.corpus.CorpusReader;
import dev.lmkit.eval.DistributedScoring;
import dev.lmkit.eval.ScoreRows;
import dev.lmkit.fused.Determinism;
import dev.lmkit.model.ModelBundle;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;

/**
 * {@code score --spark}: the lines of the input cut into {@link ScoreRows#CHUNK}-line chunks by line number, as
 * {@code score} cuts them, each chunk scored on an executor by {@link ScoreRows} with the model broadcast once, and the
 * rows written as part files in input order behind the header. With {@code --deterministic} (carried to the executors)
 * the concatenated parts equal {@code score}'s output byte for byte; without it a score may move in its last printed
 * digit with the executor's thread count, as it does on one machine. A local input is read on the driver by lmkit's
 * reader; a URI by Spark's text input on the executors (which replaces invalid UTF-8 instead of refusing it).
 */
public final class SparkScoring implements DistributedScoring {
    /** Found by {@link DistributedScoring#find()} (META-INF/services). */
    public SparkScoring() {
    }

    @Override
    public long score(Path model, String input, String out, ScoreRows.Options o, dev.lmkit.Cluster request) {
        URI target = uri(out);
        byte[] zip;
        try {
            zip = Files.readAllBytes(ModelBundle.resolve(model));
        } catch (IOException e) {
            throw new LmkitException("cannot read the model " + model + ": " + e.getMessage());
        }
        ModelBundle.load(model); // a bad model file is refused here, in one line, before Spark starts
        FileSystem fs = fileSystem(target);
        org.apache.hadoop.fs.Path dest = new org.apache.hadoop.fs.Path(target);
        org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(dest.getParent(), "." + dest.getName() + ".scoring-" + UUID.randomUUID());
        try {
            if (fs.exists(dest)) throw new LmkitException("--out " + out + " exists (score --spark writes a new directory)");
            if (!DataConfig.isUri(out)) dev.lmkit.OutputFiles.refuseLink(Path.of(out));
        } catch (IOException e) {
            throw new LmkitException("cannot write --out " + out + ": " + e.getMessage());
        }
        boolean deterministic = Determinism.on();
        try (JavaSparkContext sc = new JavaSparkContext(SparkConfs.forRun(request.master(), request.workers(), "lmkit score"))) {
            JavaPairRDD<Long, String> lines = lines(sc, input, request.workers()).cache();
            List<Tuple2<Long, String>> bad = lines.filter(l -> ScoreRows.problem(l._2(), l._1() + 1, o) != null).take(1);
            if (!bad.isEmpty()) throw new LmkitException(ScoreRows.problem(bad.get(0)._2(), bad.get(0)._1() + 1, o) + ": " + input);
            long count = lines.count();
            Broadcast<byte[]> shared = sc.broadcast(zip);
            long chunks = (count + ScoreRows.CHUNK - 1) / ScoreRows.CHUNK;
            int parts = (int) Math.max(1, Math.min(4L * request.workers(), chunks));
            String header = o.header();
            // chunks go to parts by range, so part p holds chunks in order and follows part p - 1: no sort (a sortByKey
            // would sample its input first, which scores every chunk an extra time)
            lines.mapToPair(l -> new Tuple2<>(l._1() / ScoreRows.CHUNK, l)).groupByKey(new ChunkRanges(parts, chunks))
                    .mapPartitionsWithIndex((p, part) -> scoreChunks(p == 0 ? header : null, part, shared, o, deterministic), true)
                    .saveAsTextFile(tmp.toString());
            List<String> partFiles = new ArrayList<>();
            for (FileStatus f : fs.listStatus(tmp)) if (f.getPath().getName().startsWith("part-")) partFiles.add(f.getPath().getName());
            Collections.sort(partFiles);
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("model", model.toString());
            manifest.put("input", input);
            manifest.put("lines", count);
            manifest.put("header", o.header());
            manifest.put("deterministic", deterministic);
            manifest.put("parts", partFiles);
            try (var stream = fs.create(new org.apache.hadoop.fs.Path(tmp, "manifest.json"), false)) {
                stream.write(Json.write(manifest).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            if (!fs.rename(tmp, dest)) throw new IOException("rename " + tmp + " to " + dest + " failed");
            return count;
        } catch (IOException e) {
            throw new LmkitException("cannot write --out " + out + ": " + e.getMessage());
        } finally {
            try {
                if (fs.exists(tmp)) fs.delete(tmp, true);
            } catch (IOException ignored) {
                // nothing was published; the leftover is a hidden sibling
            }
        }
    }

    /** (line index, line): a local file read on the driver by lmkit's reader, a URI by Spark's text input. */
    private static JavaPairRDD<Long, String> lines(JavaSparkContext sc, String input, int workers) {
        if (DataConfig.isUri(input)) {
            try {
                if (!fileSystem(uri(input)).exists(new org.apache.hadoop.fs.Path(uri(input)))) throw new LmkitException("--input not found: " + input);
            } catch (IOException e) {
                throw new LmkitException("cannot read --input " + input + ": " + e.getMessage());
            }
            return sc.textFile(input, workers).zipWithIndex().mapToPair(t -> new Tuple2<>(t._2(), t._1()));
        }
        List<String> all = new ArrayList<>();
        CorpusReader.forEachLine(Path.of(input), "input", all::add);
        return sc.parallelize(all, Math.max(1, workers)).zipWithIndex().mapToPair(t -> new Tuple2<>(t._2(), t._1()));
    }

    /** Chunk {@code c} of {@code chunks} goes to part {@code c·parts/chunks}: each part a contiguous run of chunks. */
    static final class ChunkRanges extends org.apache.spark.Partitioner {
        private final int parts;
        private final long chunks;

        ChunkRanges(int parts, long chunks) {
            this.parts = parts;
            this.chunks = Math.max(1, chunks);
        }

        @Override
        public int numPartitions() {
            return parts;
        }

        @Override
        public int getPartition(Object key) {
            return (int) Math.min(parts - 1, (Long) key * parts / chunks);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ChunkRanges r && r.parts == parts && r.chunks == chunks;
        }

        @Override
        public int hashCode() {
            return Objects.hash(parts, chunks);
        }
    }

    /** One part's chunks in order, each scored as {@code score} scores a chunk (the header first in part 0); the model loaded once per part. */
    private static Iterator<String> scoreChunks(String header, Iterator<Tuple2<Long, Iterable<Tuple2<Long, String>>>> part,
                                                Broadcast<byte[]> zip, ScoreRows.Options o, boolean deterministic) throws IOException {
        Determinism.set(deterministic);
        List<Tuple2<Long, Iterable<Tuple2<Long, String>>>> chunks = new ArrayList<>();
        part.forEachRemaining(chunks::add);
        chunks.sort(Comparator.comparingLong(Tuple2::_1));
        List<String> out = new ArrayList<>();
        if (header != null) out.add(header);
        if (chunks.isEmpty()) return out.iterator();
        Path file = Files.createTempFile("lmkit-score", ".zip");
        try {
            Files.write(file, zip.value());
            ModelBundle bundle = ModelBundle.load(file);
            for (Tuple2<Long, Iterable<Tuple2<Long, String>>> chunk : chunks) {
                List<Tuple2<Long, String>> numbered = new ArrayList<>();
                chunk._2().forEach(numbered::add);
                numbered.sort(Comparator.comparingLong(Tuple2::_1));
                List<String> lines = new ArrayList<>(numbered.size());
                for (Tuple2<Long, String> l : numbered) lines.add(l._2());
                ScoreRows.score(bundle, lines, numbered.get(0)._1(), o, out::add);
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return out.iterator();
    }

    private static URI uri(String pathOrUri) {
        return DataConfig.isUri(pathOrUri) ? URI.create(pathOrUri) : Path.of(pathOrUri).toAbsolutePath().normalize().toUri();
    }

    private static FileSystem fileSystem(URI uri) {
        try {
            return FileSystem.get(uri, new Configuration());
        } catch (IOException e) {
            throw new LmkitException("cannot reach " + uri + ": " + e.getMessage());
        }
    }
}
