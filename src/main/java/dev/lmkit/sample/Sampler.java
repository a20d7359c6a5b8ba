package dev.lmkit.sample;

import dev.lmkit.corpus.IdArrays;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.model.ModelText;
import dev.lmkit.model.NextToken;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Stateful generation ({@link NextToken}, i.e. {@code rnnTimeStep}): the prime (after a line-end context) is fed once,
 * then one token at a time. {@code count} samples run side by side as one batch. The same seed
 * gives the same text.
 */
public final class Sampler {

    public record Options(String prime, int length, double temperature, int topK, double topP, long seed, int count) {
        public Options {
            if (length < 0 || count < 1) throw new IllegalArgumentException("length must be >= 0 and count >= 1");
        }
    }

    private Sampler() {
    }

    /** The prime's tokens that are not in the model's vocabulary (the model reads them as {@code <unk>}). */
    public static List<String> unknownInPrime(ModelBundle bundle, String prime) {
        List<String> unknown = new ArrayList<>();
        for (String token : bundle.text().tokens(prime)) {
            if (bundle.vocab().unseen(token, bundle.vocab().id(token)) && !unknown.contains(token)) unknown.add(token);
        }
        return unknown;
    }

    /** Returns the {@code count} texts (prime included); with one sample, {@code stream} also gets the text piece by piece. */
    public static List<String> sample(ModelBundle bundle, Options o, Consumer<String> stream) {
        MultiLayerNetwork net = bundle.net();
        ModelText text = bundle.text();
        List<String> primeTokens = text.tokens(o.prime()); // the prime continues; it does not end a line
        List<String> context = text.afterLineEnd(primeTokens);
        SplittableRandom random = new SplittableRandom(o.seed());
        List<List<String>> texts = new ArrayList<>();
        for (int c = 0; c < o.count(); c++) texts.add(new ArrayList<>(primeTokens));
        StreamedText streamed = new StreamedText(text, stream, o.count() == 1);
        streamed.update(texts.get(0));

        net.rnnClearPreviousState();
        float[] input = new float[o.count() * context.size()];
        for (int c = 0; c < o.count(); c++) {
            for (int t = 0; t < context.size(); t++) input[c * context.size() + t] = bundle.vocab().id(context.get(t));
        }
        INDArray probs = NextToken.probabilities(net, IdArrays.of(input, o.count(), context.size()));
        long lastRow = (long) (context.size() - 1) * o.count(); // rows are t·count + c
        double[] p = new double[bundle.vocab().size()];
        Function<int[], INDArray> step = NextToken.steps(net);
        for (int i = 0; i < o.length(); i++) {
            int[] next = new int[o.count()];
            for (int c = 0; c < o.count(); c++) {
                row(probs, lastRow + c, p);
                if (text.charModel()) p[bundle.vocab().unkId()] = 0; // a character model's <unk> is no character to print
                int id = Distribution.draw(p, o.temperature(), o.topK(), o.topP(), random);
                texts.get(c).add(bundle.vocab().token(id));
                next[c] = id;
            }
            streamed.update(texts.get(0));
            probs = step.apply(next);
            lastRow = 0;
        }
        net.rnnClearPreviousState();
        List<String> out = new ArrayList<>();
        for (List<String> tokens : texts) out.add(text.detokenize(tokens));
        streamed.finish(out.get(0));
        return out;
    }

    /**
     * Row {@code r} of a [rows, vocabulary] matrix into {@code out}: a float matrix with contiguous rows is read straight from its
     * buffer (ND4J's getRow + toDoubleVector costs a tenth of a PTB model's whole step).
     */
    private static void row(INDArray probs, long r, double[] out) {
        if (probs.dataType() != DataType.FLOAT || probs.stride(0) != out.length || probs.stride(1) != 1) {
            System.arraycopy(probs.getRow(r).toDoubleVector(), 0, out, 0, out.length);
            return;
        }
        FloatBuffer data = probs.data().asNioFloat();
        int start = (int) (probs.offset() + r * out.length);
        for (int i = 0; i < out.length; i++) out[i] = data.get(start + i);
    }

    /** Emits only the new, settled part of the detokenized text as tokens arrive. */
    private static final class StreamedText {
        private final ModelText text;
        private final Consumer<String> out;
        private final boolean enabled;
        private String shown = "";

        StreamedText(ModelText text, Consumer<String> out, boolean enabled) {
            this.text = text;
            this.out = out;
            this.enabled = enabled && out != null;
        }

        void update(List<String> tokens) {
            if (enabled) show(text.detokenize(tokens));
        }

        void finish(String text) {
            if (enabled) show(text);
        }

        private void show(String text) {
            if (text.startsWith(shown) && text.length() > shown.length()) {
                out.accept(text.substring(shown.length()));
                shown = text;
            }
        }
    }

    /**
     * The period of the cycle {@code text} ends in — its last {@code 3·p} characters repeat every {@code p}, for the
     * shortest such {@code p} up to 200 — or 0. Greedy decoding ({@code --temperature 0}) of an LSTM often falls into one.
     */
    public static int cyclePeriod(String text) {
        for (int p = 1; p <= 200 && 3 * p <= text.length(); p++) {
            int n = text.length();
            boolean cycle = true;
            for (int i = n - 2 * p; i < n && cycle; i++) cycle = text.charAt(i) == text.charAt(i - p);
            if (cycle && text.substring(n - 3 * p, n - 2 * p).equals(text.substring(n - p)) && !text.substring(n - p).isBlank()) return p;
        }
        return 0;
    }
}
