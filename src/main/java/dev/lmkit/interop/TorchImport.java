package dev.lmkit.interop;

import dev.lmkit.config.ModelConfig;
import dev.lmkit.config.DataConfig;
import dev.lmkit.LmkitException;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.CorpusReader;
import dev.lmkit.corpus.Vocabulary;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.model.NetworkFactory;
import dev.lmkit.model.TrainingState;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A PyTorch word_language_model / colorlessgreenRNNs LSTM as an lmkit {@link ModelBundle}: the same
 * function, so every command works on it. lmkit keeps {@code <unk>} at id 0, so the vocabulary is
 * reordered ({@code <unk>} first, the rest in their order) and the embedding and softmax rows with it —
 * a renaming of ids, not a change of the model. PyTorch's gate order (i, f, g, o) becomes DL4J's
 * (g, f, o, i), the two biases are added, and [out, in] weights are transposed to DL4J's [in, out].
 */
public final class TorchImport {
    /** Where a PyTorch gate block (i, f, g, o = 0..3) goes in DL4J's order (block input g, forget f, output o, input i). */
    static final int[] TORCH_BLOCK_OF_DL4J = {2, 1, 3, 0};

    /**
     * @param vocab       one token per line, index = line number (colorlessgreenRNNs' vocab.txt); or null with
     * @param corpusTrain the training text word_language_model's data.Dictionary was built from
     * @param unk         how the file spells the unknown-word token; {@code eos} likewise the end of a sentence
     */
    public record Options(Path checkpoint, Path vocab, Path corpusTrain, String unk, String eos, ModelConfig.Impl impl) {
        public Options(Path checkpoint, Path vocab, Path corpusTrain, String unk, String eos) {
            this(checkpoint, vocab, corpusTrain, unk, eos, ModelConfig.Impl.FUSED);
        }
    }

    private TorchImport() {
    }

    public static ModelBundle load(Options o) {
        List<String> words = vocabulary(o);
        TorchLstm torch = TorchLstm.of(TorchFile.read(o.checkpoint()), o.checkpoint().toString());
        Path vocabFile = o.vocab() != null ? o.vocab() : o.corpusTrain();
        if (words.size() != torch.vocabSize()) {
            throw new LmkitException("the vocabulary has " + words.size() + " tokens but the model's embedding has " + torch.vocabSize()
                    + " rows: " + vocabFile);
        }
        int unk = words.indexOf(o.unk()), eos = words.indexOf(o.eos());
        if (unk < 0) throw new LmkitException("the vocabulary has no " + o.unk() + " (name its unknown-word token with --unk): " + vocabFile);
        if (eos < 0) throw new LmkitException("the vocabulary has no " + o.eos() + " (name its end-of-sentence token with --eos): " + vocabFile);
        List<String> renamed = new ArrayList<>(words);
        renamed.set(unk, Vocabulary.UNK);
        renamed.set(eos, Vocabulary.EOS);
        int[] order = new int[words.size()]; // lmkit id → PyTorch id
        order[0] = unk;
        for (int i = 0, next = 1; i < words.size(); i++) if (i != unk) order[next++] = i;
        List<String> tokens = new ArrayList<>();
        for (int id : order) tokens.add(renamed.get(id));
        Vocabulary vocabulary;
        try {
            vocabulary = new Vocabulary(tokens);
        } catch (IllegalArgumentException e) {
            throw new LmkitException(e.getMessage() + ": " + vocabFile);
        }
        if (o.impl() != ModelConfig.Impl.FUSED && torch.tied()) {
            throw new LmkitException("a tied model imports only with the fused layers (DL4J's stock layers cannot share a weight matrix): " + o.checkpoint());
        }
        LmConfig config = config(torch, o.impl());
        MultiLayerNetwork net = NetworkFactory.create(config, torch.vocabSize());
        copyWeights(torch, order, net);
        return new ModelBundle(net, vocabulary, config, TrainingState.start(config.train().lr()));
    }

    /** The lmkit config of the same network: whitespace-tokenized words, as word_language_model reads text. */
    static LmConfig config(TorchLstm torch, ModelConfig.Impl impl) {
        ModelConfig model = ModelConfig.builder().embedding(torch.embedding()).hidden(Collections.nCopies(torch.layers().size(), torch.hidden()))
                .tieWeights(torch.tied()).impl(impl).build();
        return LmConfig.DEFAULTS.with(DataConfig.builder().mode(DataConfig.Mode.WORD).build()).with(model);
    }

    private static List<String> vocabulary(Options o) {
        if ((o.vocab() == null) == (o.corpusTrain() == null)) throw new LmkitException("give either --vocab or --corpus-train");
        if (o.vocab() != null) return CorpusReader.lines(o.vocab(), "vocabulary").stream().map(String::strip).toList();
        List<String> words = new ArrayList<>(); // data.Dictionary: first appearance, <eos> after every line
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String line : CorpusReader.lines(o.corpusTrain(), "corpus")) {
            List<String> lineWords = new ArrayList<>(List.of(line.strip().split("\\s+")));
            lineWords.removeIf(String::isEmpty);
            lineWords.add(o.eos());
            for (String w : lineWords) if (seen.add(w)) words.add(w);
        }
        return words;
    }

    private static void copyWeights(TorchLstm torch, int[] order, MultiLayerNetwork net) {
        int v = torch.vocabSize(), e = torch.embedding(), h = torch.hidden();
        net.getLayer(0).getParam("W").assign(Nd4j.create(rows(torch.encoder().floats(), order, e), new long[]{v, e}, 'c'));
        int in = e;
        for (int k = 0; k < torch.layers().size(); k++) {
            TorchLstm.Layer l = torch.layers().get(k);
            var layer = net.getLayer(1 + k);
            layer.getParam("W").assign(Nd4j.create(gateColumns(l.weightIh().floats(), in, h), new long[]{in, 4L * h}, 'c'));
            layer.getParam("RW").assign(Nd4j.create(gateColumns(l.weightHh().floats(), h, h), new long[]{h, 4L * h}, 'c'));
            float[] bi = l.biasIh().floats(), bh = l.biasHh().floats(), b = new float[4 * h];
            for (int blk = 0; blk < 4; blk++) {
                for (int j = 0; j < h; j++) b[blk * h + j] = bi[TORCH_BLOCK_OF_DL4J[blk] * h + j] + bh[TORCH_BLOCK_OF_DL4J[blk] * h + j];
            }
            layer.getParam("b").assign(Nd4j.create(b, layer.getParam("b").shape(), 'c'));
            in = h;
        }
        var output = net.getLayer(torch.layers().size() + 1);
        if (!torch.tied()) {
            float[] w = rows(torch.decoderWeight().floats(), order, h), wt = new float[h * v]; // [V, H] → [H, V]
            for (int r = 0; r < v; r++) for (int c = 0; c < h; c++) wt[c * v + r] = w[r * h + c];
            output.getParam("W").assign(Nd4j.create(wt, new long[]{h, v}, 'c'));
        }
        output.getParam("b").assign(Nd4j.create(rows(torch.decoderBias().floats(), order, 1), output.getParam("b").shape(), 'c'));
    }

    /** Row i of the result is row order[i] of {@code m} ([rows, width], row-major). */
    private static float[] rows(float[] m, int[] order, int width) {
        float[] out = new float[m.length];
        for (int i = 0; i < order.length; i++) System.arraycopy(m, order[i] * width, out, i * width, width);
        return out;
    }

    /** PyTorch's [4H, in] (gate blocks i, f, g, o) as DL4J's [in, 4H] (blocks g, f, o, i), row-major. */
    static float[] gateColumns(float[] torch, int in, int h) {
        float[] out = new float[in * 4 * h];
        for (int blk = 0; blk < 4; blk++) {
            int from = TORCH_BLOCK_OF_DL4J[blk] * h;
            for (int j = 0; j < h; j++) for (int r = 0; r < in; r++) out[r * 4 * h + blk * h + j] = torch[(from + j) * in + r];
        }
        return out;
    }
}
