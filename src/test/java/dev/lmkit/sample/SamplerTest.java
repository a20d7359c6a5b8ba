package dev.lmkit.sample;

import dev.lmkit.TestData;
import dev.lmkit.corpus.IdArrays;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.model.NetworkFactory;
import dev.lmkit.model.NextToken;
import dev.lmkit.model.TrainingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

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

    @Test
    void aDrawByClusterIsTheDrawOverTheWholeRow() {
        SplittableRandom make = new SplittableRandom(11);
        int shortlist = 5;
        int[] starts = {5, 12}, sizes = {7, 30};
        for (int trial = 0; trial < 200; trial++) {
            double[] head = new double[shortlist + 2], row = new double[42];
            double[][] clusters = {new double[7], new double[30]};
            double sum = 0;
            for (int i = 0; i < head.length; i++) sum += head[i] = make.nextDouble() < 0.2 ? 0 : make.nextDouble();
            for (int i = 0; i < head.length; i++) head[i] /= sum;
            System.arraycopy(head, 0, row, 0, shortlist);
            for (int c = 0; c < 2; c++) {
                double within = 0;
                for (int j = 0; j < sizes[c]; j++) within += clusters[c][j] = make.nextDouble() < 0.2 ? 0 : make.nextDouble();
                for (int j = 0; j < sizes[c]; j++) row[starts[c] + j] = clusters[c][j] *= head[shortlist + c] / within;
            }
            SplittableRandom whole = new SplittableRandom(trial), byCluster = new SplittableRandom(trial);
            for (int draw = 0; draw < 100; draw++) {
                Distribution.Landing landing = Distribution.inHead(head, byCluster);
                int c = landing.at() - shortlist;
                int token = c < 0 ? landing.at() : starts[c] + Distribution.inCluster(clusters[c], landing.rest());
                assertEquals(Distribution.draw(row, 1.0, 0, 1.0, whole), token, "trial " + trial + ", draw " + draw);
                assertTrue(row[token] > 0, "a word of no probability is never drawn");
            }
        }
    }

    /** The reference: the whole probability rows and the plain draw over them, as generation read them before drawing by cluster. */
    @Test
    void anAdaptiveSoftmaxSamplesByClusterTheTextTheWholeRowsGive() throws Exception {
        LmConfig config = TestData.tinyConfig(dir, "model.softmax=adaptive", "model.cutoffs=[4, 10]", "model.cutoff_div=2", "model.init_range=1.0");
        Corpus corpus = Corpus.load(config.data());
        ModelBundle b = new ModelBundle(NetworkFactory.create(config, corpus.vocab().size()), corpus.vocab(), config, TrainingState.start(1));
        var plain = new Sampler.Options("the cat", 60, 1.0, 0, 1.0, 9, 3);
        assertInstanceOf(NextTokens.ByCluster.class, NextTokens.of(b, plain, new SplittableRandom(1)));
        assertInstanceOf(NextTokens.FromRows.class, NextTokens.of(b, new Sampler.Options("", 5, 0.8, 0, 1.0, 9, 1), new SplittableRandom(1)));

        List<String> sampled = Sampler.sample(b, plain, null);
        assertEquals(fromWholeRows(b, plain), sampled);
        var alone = new Sampler.Options("the cat", 60, 1.0, 0, 1.0, 9, 1);
        assertEquals(fromWholeRows(b, alone), Sampler.sample(b, alone, null));
        java.util.Set<String> words = new java.util.HashSet<>();
        for (String text : sampled) words.addAll(List.of(text.split(" ")));
        for (int c = 0; c < 2; c++) {
            int start = ((dev.lmkit.fused.AdaptiveSoftmaxOutputLayer) b.net().getOutputLayer()).shape().start(c);
            assertTrue(words.contains(b.vocab().token(start)) || words.contains(b.vocab().token(start + 1)) || words.contains(b.vocab().token(start + 2)),
                    "cluster " + c + "'s words are drawn: " + words);
        }
    }

    private static List<String> fromWholeRows(ModelBundle b, Sampler.Options o) {
        var net = b.net();
        List<String> prime = b.text().tokens(o.prime()), context = b.text().afterLineEnd(prime);
        float[] input = new float[o.count() * context.size()];
        for (int c = 0; c < o.count(); c++) for (int t = 0; t < context.size(); t++) input[c * context.size() + t] = b.vocab().id(context.get(t));
        net.rnnClearPreviousState();
        SplittableRandom random = new SplittableRandom(o.seed());
        INDArray probs = NextToken.probabilities(net, IdArrays.of(input, o.count(), context.size()));
        long firstRow = (long) (context.size() - 1) * o.count();
        List<List<String>> texts = new java.util.ArrayList<>();
        for (int c = 0; c < o.count(); c++) texts.add(new java.util.ArrayList<>(prime));
        for (int i = 0; i < o.length(); i++) {
            int[] next = new int[o.count()];
            for (int c = 0; c < o.count(); c++) {
                next[c] = Distribution.draw(probs.getRow(firstRow + c).toDoubleVector(), 1.0, 0, 1.0, random);
                texts.get(c).add(b.vocab().token(next[c]));
            }
            probs = NextToken.probabilities(net, IdArrays.of(toFloats(next), o.count(), 1));
            firstRow = 0;
        }
        net.rnnClearPreviousState();
        return texts.stream().map(b.text()::detokenize).toList();
    }

    private static float[] toFloats(int[] ids) {
        float[] out = new float[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = ids[i];
        return out;
    }

    @org.junit.jupiter.api.Test
    void aTextEndingInACycleIsRecognized() {
        org.junit.jupiter.api.Assertions.assertEquals("and the king ".length(), Sampler.cyclePeriod("ROMEO: and the king and the king and the king and the king "));
        org.junit.jupiter.api.Assertions.assertEquals(0, Sampler.cyclePeriod("ROMEO: what light through yonder window breaks"));
        org.junit.jupiter.api.Assertions.assertEquals(0, Sampler.cyclePeriod("a b a b"), "too short to call it a loop");
    }
}
