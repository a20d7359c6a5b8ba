package dev.lmkit.spark;

import dev.lmkit.agreement.AgreementGrammar;
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

/** The executors count and cut a text exactly as one machine does (Corpus.load's counts, Shards' chunks). */
class ClusterTextTest {
    @Test
    void countsAndChunksMatchOneMachine(@TempDir Path dir) {
        Path text = dir.resolve("train.txt");
        AgreementGrammar.standard().writeCorpus(text, 700, 3);
        Tokenizer tokenizer = Tokenizer.of("word", "whitespace", false);
        List<String> tokens = Corpus.tokenize(dev.lmkit.corpus.CorpusReader.lines(text), tokenizer);
        Map<String, Long> counts = new HashMap<>();
        for (String t : tokens) counts.merge(t, 1L, Long::sum);
        Vocabulary vocab = Vocabulary.build(counts, 1, 0, List.of(tokenizer.lineEnd()));
        List<DataSet> expected = Shards.chunks(Corpus.encode(tokens, vocab).ids(), 3, 20, 2);

        try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("cluster text")
                .set("spark.ui.enabled", "false"))) {
            ClusterText cluster = new ClusterText(sc, text.toUri().toString(), 5, "word", "whitespace", false);
            assertEquals(counts, cluster.counts());
            Map<Integer, DataSet> chunks = cluster.chunks(sc, vocab, 3, 40).collectAsMap();
            assertEquals(expected.size(), chunks.size());
            for (int c = 0; c < expected.size(); c++) {
                assertEquals(expected.get(c).getFeatures(), chunks.get(c).getFeatures(), "inputs of chunk " + c);
                assertEquals(expected.get(c).getLabels(), chunks.get(c).getLabels(), "labels of chunk " + c);
            }
        }
    }
}
