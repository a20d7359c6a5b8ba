package dev.lmkit.inspect;

import dev.lmkit.corpus.IdArrays;
import dev.lmkit.fused.FusedLstmLayer;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.model.ModelText;
import dev.lmkit.model.NextToken;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.*;

/**
 * The hidden state h and the cell state c of every LSTM layer after chosen words of many sentences, each sentence
 * read from a fresh state after the line end, as sentences are scored; batched, without the softmax. A word's state
 * is the one after its last token (for a character model: the space after it, which {@link ModelText#sentenceWordIndex}
 * counts as the word's).
 */
final class States {
    static final int H = 0, C = 1;

    private States() {
    }

    /**
     * For sentence i and each of {@code words.get(i)}: [layer][H or C][unit], or null where the word has no token.
     * Sentences are raw text in the model's form.
     */
    static List<float[][][][]> read(ModelBundle model, List<String> sentences, List<int[]> words, int batch) {
        ModelBundle fused = FusedView.of(model);
        ModelText text = fused.text();
        MultiLayerNetwork net = fused.net();
        List<FusedLstmLayer> lstms = FusedView.lstms(fused);
        List<float[][][][]> out = new ArrayList<>(sentences.size());
        for (int start = 0; start < sentences.size(); start += batch) {
            int end = Math.min(sentences.size(), start + batch);
            List<int[]> inputs = new ArrayList<>();
            List<int[]> steps = new ArrayList<>();
            int longest = 1;
            for (int i = start; i < end; i++) {
                List<String> tokens = text.sentence(sentences.get(i));
                int[] ids = text.ids(tokens.subList(0, tokens.size() - 1)); // the line end after the sentence: not read
                int[] wordOf = text.sentenceWordIndex(sentences.get(i));
                int[] input = new int[ids.length + 1];
                input[0] = text.lineEndId();
                System.arraycopy(ids, 0, input, 1, ids.length);
                int[] at = new int[words.get(i).length];
                for (int k = 0; k < at.length; k++) {
                    at[k] = -1;
                    for (int t = 0; t < ids.length; t++) if (wordOf[t] == words.get(i)[k]) at[k] = t + 1; // the step after reading it
                }
                inputs.add(input);
                steps.add(at);
                longest = Math.max(longest, input.length);
            }
            float[] x = new float[(end - start) * longest];
            for (int k = 0; k < inputs.size(); k++) for (int t = 0; t < inputs.get(k).length; t++) x[k * longest + t] = inputs.get(k)[t];
            net.rnnClearPreviousState();
            NextToken.belowOutput(net, IdArrays.of(x, end - start, longest));
            List<double[][][]> forwards = new ArrayList<>();
            for (int k = 0; k < end - start; k++) {
                float[][][][] sentence = new float[steps.get(k).length][][][];
                forwards.clear();
                for (FusedLstmLayer l : lstms) forwards.add(l.lastForward(k));
                for (int w = 0; w < sentence.length; w++) {
                    int t = steps.get(k)[w];
                    if (t < 0) continue;
                    sentence[w] = new float[lstms.size()][2][];
                    for (int l = 0; l < lstms.size(); l++) {
                        sentence[w][l][H] = floats(forwards.get(l)[5][t]);
                        sentence[w][l][C] = floats(forwards.get(l)[4][t]);
                    }
                }
                out.add(sentence);
            }
        }
        net.rnnClearPreviousState();
        return out;
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }
}
