package dev.lmkit.bench;

import dev.lmkit.LmkitException;
import dev.lmkit.config.ModelConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** bench/workloads.json as both sides read it: the shipped file parses, and the adaptive workload is what it says. */
class WorkloadTest {
    private static final Map<String, Workload> SHIPPED = Workload.read(Path.of("bench/workloads.json"));

    @Test
    void theAdaptiveWorkloadIsTheWikiText2NetworkWithTheAdaptiveSoftmaxOnZipfIds() {
        Workload full = SHIPPED.get("wikitext-2"), adaptive = SHIPPED.get("wikitext-2-adaptive");
        assertEquals(ModelConfig.Softmax.FULL, full.config(ModelConfig.Impl.FUSED).model().softmax());
        ModelConfig m = adaptive.config(ModelConfig.Impl.FUSED).model();
        assertEquals(ModelConfig.Softmax.ADAPTIVE, m.softmax());
        assertEquals(java.util.List.of(2000, 10000), m.cutoffs());
        assertTrue(m.tieWeights());
        assertTrue(adaptive.forwardFlopsPerToken() < full.forwardFlopsPerToken() / 5,
                "the head and the clusters a token needs: " + adaptive.forwardFlopsPerToken() + " of " + full.forwardFlopsPerToken());

        int[] ids = adaptive.randomIds(new SplittableRandom(3), 200_000);
        double[] cdf = Workload.zipfCdf(adaptive.vocab());
        long head = java.util.Arrays.stream(ids).filter(id -> id < 2000).count();
        assertEquals(cdf[1999], head / 200_000.0, 0.01, "ids below the first cutoff as often as Zipf's law says");
        assertEquals(cdf[0], java.util.Arrays.stream(ids).filter(id -> id == 0).count() / 200_000.0, 0.01);
        assertTrue(java.util.Arrays.stream(ids).allMatch(id -> id >= 0 && id < adaptive.vocab()));
        assertEquals(1.0 / full.vocab(), java.util.Arrays.stream(full.randomIds(new SplittableRandom(3), 200_000)).filter(id -> id == 0).count() / 200_000.0,
                0.001, "the other workloads stay uniform");
    }

    @Test
    void anAdaptiveWorkloadWithoutCutoffsIsRefused() throws Exception {
        Path file = java.nio.file.Files.createTempFile("w", ".json");
        java.nio.file.Files.writeString(file, """
                {"x": {"mode": "word", "vocab": 50, "embedding": 8, "hidden": [8], "batch": 2, "bptt": 3, "optimizer": "sgd", "lr": 1.0,
                       "clip_norm": 5.0, "warmup_steps": 1, "train_steps": 1, "eval_tokens": 10, "sample_tokens": 5, "softmax": "adaptive"}}""");
        var e = assertThrows(LmkitException.class, () -> Workload.read(file));
        assertTrue(e.getMessage().contains("softmax: adaptive needs cutoffs"), e.getMessage());
        java.nio.file.Files.delete(file);
    }
}
