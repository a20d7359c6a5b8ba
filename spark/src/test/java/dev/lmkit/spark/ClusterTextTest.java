package dev.lmkit.spark;

import dev.lmkit.config.DataConfig;
import dev.lmkit.agreement.AgreementGrammar;
import dev.lmkit.config.LmConfig;
import dev.lmkit.train.DistributedTraining;
import dev.lmkit.train.Trainer;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.corpus.Tokenizer;
import dev.lmkit.corpus.Vocabulary;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The executors count and cut a text exactly as one machine does (Corpus.load's counts, Shards' chunks), and training reads it there. */
class ClusterTextTest {
    @Test
    void countsAndChunksMatchOneMachine(@TempDir Path dir) {
        Path text = dir.resolve("train.txt");
        AgreementGrammar.standard().writeCorpus(text, 700, 3);
        Tokenizer tokenizer = Tokenizer.of(DataConfig.Mode.WORD, DataConfig.Tokenization.WHITESPACE, false);
        List<String> tokens = Corpus.tokenize(dev.lmkit.corpus.CorpusReader.lines(text), tokenizer);
        Map<String, Long> counts = new HashMap<>();
        for (String t : tokens) counts.merge(t, 1L, Long::sum);
        Vocabulary vocab = Vocabulary.build(counts, 1, 0, List.of(tokenizer.lineEnd()));
        List<DataSet> expected = Shards.chunks(Corpus.encode(tokens, vocab).ids(), 3, 20, 2);

        try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("cluster text")
                .set("spark.ui.enabled", "false"))) {
            ClusterText cluster = new ClusterText(sc, text.toUri().toString(), 5, DataConfig.Mode.WORD, DataConfig.Tokenization.WHITESPACE, false);
            assertEquals(counts, cluster.counts());
            Chunks chunks = cluster.chunks(sc, vocab, 3, 40);
            assertEquals(expected.size(), chunks.count());
            List<List<Chunk>> middle = chunks.range(1, 3, 1).glom().collect();
            assertEquals(List.of(1, 2), middle.stream().map(p -> p.get(0).index()).toList(), "one chunk to a part, in order");
            List<List<Chunk>> all = chunks.range(0, chunks.count(), 2).glom().collect();
            assertEquals((expected.size() + 1) / 2, all.size(), "two consecutive chunks to a part");
            int next = 0;
            for (List<Chunk> part : all) {
                for (Chunk got : part) {
                    assertEquals(next, got.index(), "chunks in text order");
                    assertEquals(expected.get(next).getFeatures(), got.ids().getFeatures(), "inputs of chunk " + next);
                    assertEquals(expected.get(next).getLabels(), got.ids().getLabels(), "labels of chunk " + next);
                    next++;
                }
            }
            assertEquals(expected.size(), next);
        }
    }

    @Test
    void trainsFromATextTheDriverNeverReads(@TempDir Path dir) {
        LmConfig local = TinyGrammar.config(dir, 3000, "{embedding: 16, hidden: [32]}", 8, 2);
        LmConfig remote = local.with(local.data().toBuilder().files(Path.of(local.data().train()).toUri().toString(), local.data().valid(), "").build());
        DistributedTraining.Request request = new DistributedTraining.Request("local[2]", 2, 2, 5);
        DistributedTraining spark = DistributedTraining.find();

        Corpus corpus = spark.loadCorpus(remote.data(), request);
        assertEquals(0, corpus.train().length(), "the driver holds no training ids");
        assertEquals(Corpus.load(local.data()).vocab(), corpus.vocab(), "the cluster's count gives one machine's vocabulary");
        Trainer.Result r = spark.train(remote, corpus, new Trainer.Options(dir.resolve("run"), false), request);
        assertEquals(2, r.state().epoch());
        assertTrue(r.valid().perplexity() < corpus.vocab().size() / 2.0, "valid perplexity " + r.valid().perplexity());
    }
}
