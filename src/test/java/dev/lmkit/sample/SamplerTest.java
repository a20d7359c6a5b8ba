package dev.lmkit.sample;

import dev.lmkit.TestData;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.model.NetworkFactory;
import dev.lmkit.model.TrainingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class SamplerTest {
    @TempDir
    Path dir;

    private ModelBundle untrained() throws Exception {
        LmConfig config = TestData.tinyConfig(dir);
        Corpus corpus = Corpus.load(config.data());
        return new ModelBundle(NetworkFactory.create(config, corpus.vocab().size()), corpus.vocab(), config, TrainingState.start(1));
    }

    @Test
    void theSameSeedGivesTheSameTextAndTheStreamShowsIt() throws Exception {
        ModelBundle b = untrained();
        var options = new Sampler.Options("the cat", 25, 1.0, 0, 1.0, 42, 1);
        StringBuilder streamed = new StringBuilder();
        String first = Sampler.sample(b, options, streamed::append).get(0);
        assertEquals(first, Sampler.sample(b, options, null).get(0));
        assertEquals(first, streamed.toString());
        assertTrue(first.startsWith("the cat"));
        assertNotEquals(first, Sampler.sample(b, new Sampler.Options("the cat", 25, 1.0, 0, 1.0, 43, 1), null).get(0));
    }

    @Test
    void aCharacterModelNeverPrintsUnkAndAPrimesUnknownWordsAreNamed() throws Exception {
        LmConfig config = TestData.tinyConfig(dir, "data.mode=char");
        Corpus corpus = Corpus.load(config.data());
        ModelBundle chars = new ModelBundle(NetworkFactory.create(config, corpus.vocab().size()), corpus.vocab(), config, TrainingState.start(1));
        var output = chars.net().getLayer(chars.net().getnLayers() - 1);
        output.getParam("b").putScalar(corpus.vocab().unkId(), 30.0); // <unk> would be drawn almost every time
        for (double temperature : new double[]{1.0, 0.0}) {
            String text = Sampler.sample(chars, new Sampler.Options("a", 200, temperature, 0, 1.0, 5, 1), null).get(0);
            assertFalse(text.contains("<unk>"), text);
        }
        assertEquals(List.of("zebra"), Sampler.unknownInPrime(untrained(), "the zebra cat zebra"));
    }

    @Test
    void batchedSamplesAreDistinctAndGreedyIsDeterministic() throws Exception {
        ModelBundle b = untrained();
        List<String> three = Sampler.sample(b, new Sampler.Options("", 30, 1.0, 0, 1.0, 7, 3), null);
        assertEquals(3, three.size());
        assertNotEquals(three.get(0), three.get(1));
        List<String> greedy = Sampler.sample(b, new Sampler.Options("", 10, 0.0, 0, 1.0, 1, 2), null);
        assertEquals(greedy.get(0), greedy.get(1));
    }

    @Test
    void topKAndTopPKeepOnlyTheMostLikelyTokens() {
        double[] p = {0.05, 0.5, 0.3, 0.15};
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 200; i++) {
            int k2 = Distribution.draw(p, 1.0, 2, 1.0, r);
            assertTrue(k2 == 1 || k2 == 2);
            assertEquals(1, Distribution.draw(p, 1.0, 0, 0.5, r)); // 0.5 alone reaches p = 0.5
            int p79 = Distribution.draw(p, 1.0, 0, 0.79, r);
            assertTrue(p79 == 1 || p79 == 2);
        }
        assertEquals(1, Distribution.draw(p, 0.0, 0, 1.0, r));
    }

    @Test
    void aPlainDrawFollowsTheDistributionAndTheFilteredPathAgrees() {
        double[] p = {0.2, 0.0, 0.8, -1e-9}; // a float-rounding negative is never drawn
        SplittableRandom plain = new SplittableRandom(5), filtered = new SplittableRandom(5);
        int[] counts = new int[p.length];
        for (int i = 0; i < 20_000; i++) {
            int token = Distribution.draw(p, 1.0, 0, 1.0, plain);
            counts[token]++;
            assertEquals(token, Distribution.draw(p, 1.0, 0, 0.999999, filtered), "the filtering path, keeping every likely token, draws the same");
        }
        assertEquals(0, counts[1] + counts[3]);
        assertEquals(0.8, counts[2] / 20_000.0, 0.015);
    }

    @org.junit.jupiter.api.Test
    void aTextEndingInACycleIsRecognized() {
        org.junit.jupiter.api.Assertions.assertEquals("and the king ".length(), Sampler.cyclePeriod("ROMEO: and the king and the king and the king and the king "));
        org.junit.jupiter.api.Assertions.assertEquals(0, Sampler.cyclePeriod("ROMEO: what light through yonder window breaks"));
        org.junit.jupiter.api.Assertions.assertEquals(0, Sampler.cyclePeriod("a b a b"), "too short to call it a loop");
    }
}
