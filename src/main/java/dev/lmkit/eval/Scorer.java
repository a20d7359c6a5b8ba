package dev.lmkit.eval;

import dev.lmkit.corpus.BpttBatches;
import dev.lmkit.corpus.IdArrays;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.model.ModelText;
import dev.lmkit.model.NetworkFactory;
import dev.lmkit.model.NextToken;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.*;

/**
 * The one place that turns network outputs into log-probabilities: whole-text NLL with the state
 * carried across the text (eval, validation) and per-token surprisal of independent sentences
 * (score, agreement, the API). Text reaches it through the model's {@link ModelText}. Probabilities are floored at {@link #FLOOR} so a float32 underflow cannot
 * turn into an infinite loss.
 */
public final class Scorer {
    static final double FLOOR = 1e-30;
    private static final double LN2 = Math.log(2);

    private Scorer() {
    }

    /** Raw sentences, each read from a fresh state after the line end; the line end is scored too. */
    public static List<ScoredText> sentences(ModelBundle model, List<String> sentences, int batch) {
        List<List<String>> tokens = new ArrayList<>(sentences.size());
        for (String s : sentences) tokens.add(model.text().sentence(s));
        return tokens(model, tokens, batch);
    }

    /**
     * Only the continuation of each (prefix, continuation) pair is scored, with the prefix as context
     * after a fresh line end (minicons' {@code conditional_score}); no line end is added.
     */
    public static List<ScoredText> continuations(ModelBundle model, List<String> prefixes, List<String> continuations, int batch) {
        ModelText text = model.text();
        List<List<String>> tokens = new ArrayList<>(prefixes.size());
        int[] starts = new int[prefixes.size()];
        for (int i = 0; i < prefixes.size(); i++) {
            List<String> t = new ArrayList<>(text.tokens(prefixes.get(i)));
            starts[i] = t.size();
            t.addAll(text.continuation(prefixes.get(i), continuations.get(i)));
            tokens.add(t);
        }
        List<int[]> ids = new ArrayList<>(tokens.size());
        for (List<String> t : tokens) ids.add(text.ids(t));
        List<double[]> bits = surprisalsFrom(model.net(), ids, starts, text.lineEndId(), batch);
        List<ScoredText> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) out.add(scored(text, tokens.get(i).subList(starts[i], tokens.get(i).size()), bits.get(i)));
        return out;
    }

    /** {@link #sentences}, summed per whitespace-separated word of each sentence ({@code score --words}). */
    public static List<ScoredWords> sentenceWords(ModelBundle model, List<String> sentences, int batch) {
        List<ScoredText> scored = sentences(model, sentences, batch);
        List<ScoredWords> out = new ArrayList<>(scored.size());
        for (int i = 0; i < scored.size(); i++) {
            String s = sentences.get(i);
            out.add(ScoredWords.of(scored.get(i), model.text().sentenceWordIndex(s), dev.lmkit.corpus.Tokenizer.words(s)));
        }
        return out;
    }

    /** {@link #continuations}, summed per whitespace-separated word of each continuation. */
    public static List<ScoredWords> continuationWords(ModelBundle model, List<String> prefixes, List<String> continuations, int batch) {
        List<ScoredText> scored = continuations(model, prefixes, continuations, batch);
        List<ScoredWords> out = new ArrayList<>(scored.size());
        for (int i = 0; i < scored.size(); i++) {
            out.add(ScoredWords.of(scored.get(i), model.text().continuationWordIndex(prefixes.get(i), continuations.get(i)),
                    dev.lmkit.corpus.Tokenizer.words(continuations.get(i))));
        }
        return out;
    }

    /** Token lists already in the model's form, each from a fresh state after the line end. */
    public static List<ScoredText> tokens(ModelBundle model, List<List<String>> tokens, int batch) {
        ModelText text = model.text();
        List<int[]> ids = new ArrayList<>(tokens.size());
        for (List<String> t : tokens) ids.add(text.ids(t));
        List<double[]> bits = surprisals(model.net(), ids, text.lineEndId(), batch);
        List<ScoredText> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) out.add(scored(text, tokens.get(i), bits.get(i)));
        return out;
    }

    /** As {@link #carriedSurprisals}, for token lists in the model's form. */
    public static List<ScoredText> carried(ModelBundle model, List<List<String>> sentences, List<int[]> alternatives) {
        ModelText text = model.text();
        List<int[]> ids = new ArrayList<>(sentences.size());
        for (List<String> t : sentences) ids.add(text.ids(t));
        List<double[]> bits = carriedSurprisals(model.net(), ids, text.lineEndId(), alternatives);
        List<ScoredText> out = new ArrayList<>(sentences.size());
        for (int i = 0; i < sentences.size(); i++) {
            List<String> t = new ArrayList<>(sentences.get(i));
            if (alternatives != null && alternatives.get(i) != null) t.add(model.vocab().token(alternatives.get(i)[1]));
            out.add(scored(text, t, bits.get(i)));
        }
        return out;
    }

    private static ScoredText scored(ModelText text, List<String> tokens, double[] bits) {
        boolean[] unknown = new boolean[tokens.size()];
        for (int t = 0; t < unknown.length; t++) unknown[t] = text.unknown(tokens.get(t));
        return new ScoredText(tokens, bits, unknown);
    }

    /**
     * NLL of every token after the first, reading the text as {@code batch} parallel streams in
     * windows of {@code window} steps with the hidden state carried from window to window. The few
     * tokens left over after the streams are scored by continuing the last stream, so no token is lost.
     */
    public static Nll textNll(MultiLayerNetwork net, int[] ids, int batch, int window) {
        if (ids.length < 2) return Nll.ZERO;
        batch = Math.max(1, Math.min(batch, ids.length - 1));
        BpttBatches batches = new BpttBatches(ids, batch, window);
        net.rnnClearPreviousState();
        double sum = 0;
        long count = 0;
        for (int w = 0; w < batches.windows(); w++) {
            int steps = batches.stepsIn(w);
            int[] targets = new int[batch * steps];
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < steps; t++) targets[t * batch + b] = batches.label(b, w, t);
            }
            for (double lp : NextToken.logProbabilities(net, batches.inputs(w), targets, FLOOR)) sum -= lp;
            count += (long) batch * steps;
        }
        int done = batches.streamLength() * batch;
        if (done < ids.length - 1) {
            keepLastStream(net, batch);
            int[] rest = Arrays.copyOfRange(ids, done, ids.length);
            for (double lp : NextToken.logProbabilities(net, IdArrays.of(rest, rest.length - 1), Arrays.copyOfRange(rest, 1, rest.length), FLOOR)) {
                sum -= lp;
            }
            count += rest.length - 1;
        }
        net.rnnClearPreviousState();
        return new Nll(sum, count);
    }

    /**
     * Surprisal in bits of every token of each sentence, each scored from a fresh state after the
     * {@code context} token. Sentences run as right-padded batches: padding after a token cannot
     * change its probability, so no masks are needed.
     */
    public static List<double[]> surprisals(MultiLayerNetwork net, List<int[]> sentences, int context, int batchSize) {
        double[][] out = new double[sentences.size()][];
        Integer[] order = new Integer[sentences.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingInt(i -> sentences.get(i).length));
        long vocab = ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) net.getLayer(net.getnLayers() - 1).conf().getLayer()).getNOut();
        for (int start = 0, end; start < order.length; start = end) {
            end = Math.min(order.length, start + batchSize);
            int steps = 1;
            for (int k = start; k < end; k++) steps = Math.max(steps, sentences.get(order[k]).length);
            // sorted by length: fewer sentences per batch keep the softmax under what it computes at once
            while (end - start > 1 && (long) (end - start) * steps * vocab > NetworkFactory.MAX_LOGITS) {
                end--;
                steps = Math.max(1, sentences.get(order[end - 1]).length);
            }
            float[] input = new float[(end - start) * steps];
            for (int k = start; k < end; k++) {
                int[] s = sentences.get(order[k]);
                int row = (k - start) * steps;
                input[row] = context;
                for (int t = 0; t + 1 < s.length; t++) input[row + t + 1] = s[t];
            }
            int[] targets = new int[(end - start) * steps]; // rows t·batch + k; a padding row's target (0) is not read
            for (int k = start; k < end; k++) {
                int[] s = sentences.get(order[k]);
                for (int t = 0; t < s.length; t++) targets[t * (end - start) + k - start] = s[t];
            }
            net.rnnClearPreviousState();
            double[] logp = NextToken.logProbabilities(net, IdArrays.of(input, end - start, steps), targets, FLOOR);
            for (int k = start; k < end; k++) {
                int[] s = sentences.get(order[k]);
                double[] bits = new double[s.length];
                for (int t = 0; t < s.length; t++) bits[t] = -logp[t * (end - start) + k - start] / LN2;
                out[order[k]] = bits;
            }
        }
        net.rnnClearPreviousState();
        return Arrays.asList(out);
    }

    /**
     * As {@link #surprisals}, but sentence i's surprisals only from its token {@code from[i]} on (the earlier tokens are
     * context): the softmax runs for those steps alone. Sentences that give the network the same input (a prefix with
     * one-token continuations, as target-word items have) are read once.
     */
    public static List<double[]> surprisalsFrom(MultiLayerNetwork net, List<int[]> sentences, int[] from, int context, int batchSize) {
        Map<List<Integer>, Integer> readingOf = new HashMap<>();
        List<List<Integer>> readers = new ArrayList<>(); // the sentences each distinct input serves
        List<int[]> inputs = new ArrayList<>();
        List<Integer> firsts = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            int[] s = sentences.get(i);
            List<Integer> key = new ArrayList<>(s.length + 1);
            key.add(Math.min(from[i], s.length));
            key.add(context);
            for (int t = 0; t + 1 < s.length; t++) key.add(s[t]);
            Integer r = readingOf.get(key);
            if (r == null) {
                readingOf.put(key, r = inputs.size());
                int[] input = new int[s.length];
                if (s.length > 0) input[0] = context;
                for (int t = 0; t + 1 < s.length; t++) input[t + 1] = s[t];
                inputs.add(input);
                firsts.add(key.get(0));
                readers.add(new ArrayList<>());
            }
            readers.get(r).add(i);
        }
        double[][] out = new double[sentences.size()][];
        Integer[] order = new Integer[inputs.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingInt(r -> inputs.get(r).length));
        long vocab = ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) net.getLayer(net.getnLayers() - 1).conf().getLayer()).getNOut();
        for (int start = 0, end; start < order.length; start = end) {
            long rows = 0;
            end = start;
            while (end < order.length && end - start < batchSize) {
                int more = inputs.get(order[end]).length - firsts.get(order[end]);
                if (end > start && (rows + more) * vocab > NetworkFactory.MAX_LOGITS) break;
                rows += more;
                end++;
            }
            int batch = end - start, steps = Math.max(1, inputs.get(order[end - 1]).length);
            float[] input = new float[batch * steps];
            int[] picked = new int[(int) rows];
            int[] offset = new int[batch];
            for (int k = 0, p = 0; k < batch; k++) {
                int[] in = inputs.get(order[start + k]);
                for (int t = 0; t < in.length; t++) input[k * steps + t] = in[t];
                offset[k] = p;
                for (int t = firsts.get(order[start + k]); t < in.length; t++) picked[p++] = t * batch + k;
            }
            net.rnnClearPreviousState();
            // full rows: the sentences sharing an input differ in the token they score at its last row
            INDArray probs = picked.length == 0 ? null : NextToken.probabilitiesAt(net, IdArrays.of(input, batch, steps), picked);
            for (int k = 0; k < batch; k++) {
                int first = firsts.get(order[start + k]);
                for (int i : readers.get(order[start + k])) {
                    int[] s = sentences.get(i);
                    double[] bits = new double[s.length - first];
                    for (int t = first; t < s.length; t++) bits[t - first] = -logProb(probs, offset[k] + t - first, s[t]) / LN2;
                    out[i] = bits;
                }
            }
        }
        net.rnnClearPreviousState();
        return Arrays.asList(out);
    }

    /**
     * Surprisal (bits) of each sentence's tokens with the state carried across sentences, as one
     * running text that starts after {@code context} (the original target-word evaluation of
     * Gulordava et al. 2018). Each sentence should end with its line-end token. When
     * {@code alternatives.get(i)} is {@code {position, token}}, the result for sentence i has one
     * more element: the surprisal {@code token} would have had at {@code position}.
     */
    public static List<double[]> carriedSurprisals(MultiLayerNetwork net, List<int[]> sentences, int context,
                                                   List<int[]> alternatives) {
        List<double[]> out = new ArrayList<>(sentences.size());
        net.rnnClearPreviousState();
        int previous = context;
        for (int i = 0; i < sentences.size(); i++) {
            int[] s = sentences.get(i);
            int[] alt = alternatives == null ? null : alternatives.get(i);
            double[] bits = new double[s.length + (alt == null ? 0 : 1)];
            if (s.length > 0) {
                int[] input = new int[s.length];
                input[0] = previous;
                System.arraycopy(s, 0, input, 1, s.length - 1);
                INDArray probs = NextToken.probabilities(net, IdArrays.of(input, input.length));
                for (int t = 0; t < s.length; t++) bits[t] = -logProb(probs, t, s[t]) / LN2;
                if (alt != null) bits[s.length] = -logProb(probs, alt[0], alt[1]) / LN2;
                previous = s[s.length - 1];
            }
            out.add(bits);
        }
        net.rnnClearPreviousState();
        return out;
    }

    /** {@code probs} as {@link NextToken#probabilities} gives them: row t·batch + b. */
    static double logProb(INDArray probs, int row, int token) {
        return Math.log(Math.max(FLOOR, probs.getDouble(row, token)));
    }

    /** Shrinks every layer's stored state from [batch, h] to the last stream's row. */
    private static void keepLastStream(MultiLayerNetwork net, int batch) {
        for (int layer = 0; layer < net.getnLayers(); layer++) {
            if (!(net.getLayer(layer) instanceof RecurrentLayer)) continue;
            Map<String, INDArray> state = net.rnnGetPreviousState(layer);
            if (state == null || state.isEmpty()) continue;
            Map<String, INDArray> last = new HashMap<>();
            state.forEach((k, v) -> last.put(k, v.getRow(batch - 1, true).dup()));
            net.rnnSetPreviousState(layer, last);
        }
    }
}
