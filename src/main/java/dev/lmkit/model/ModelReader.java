package dev.lmkit.model;

import dev.lmkit.Json;
import dev.lmkit.LmkitException;
import dev.lmkit.Messages;
import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.DataConfig;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Subwords;
import dev.lmkit.corpus.Vocabulary;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.core.JsonToken;
import org.nd4j.shade.jackson.core.type.TypeReference;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a model file as untrusted input. The network is built from the model's own {@code lmkit/config.yaml}
 * by {@link NetworkFactory} (the one place lmkit builds networks), never from DL4J's {@code configuration.json},
 * whose class names Jackson would load, nor through DL4J's ModelSerializer, which passes entries to Java
 * deserialization. Sizes come from the configuration and vocabulary and are checked before anything is
 * allocated; every entry is read through a cap ({@link ModelZip}).
 */
final class ModelReader {
    static final String VOCAB = "lmkit/vocab.json";
    static final String CONFIG = "lmkit/config.yaml";
    static final String STATE = "lmkit/state.json";
    static final String SUBWORDS = "lmkit/subwords.txt";
    static final String NETWORK = "configuration.json";
    static final String WEIGHTS = "coefficients.bin";
    static final String UPDATER = "updaterState.bin";
    /** The text entries are a few kilobytes; a vocabulary of a million long tokens fits in 64 MB. */
    private static final long TEXT_MAX = 1 << 20, NETWORK_MAX = 16 << 20, VOCAB_MAX = 64 << 20;
    /** Room for the array header in a weight entry. */
    private static final long HEADER = 1024;

    private ModelReader() {
    }

    static ModelBundle read(Path file) {
        try (ModelZip zip = ModelZip.open(file)) {
            LmConfig config = ConfigLoader.parse(zip.text(CONFIG, TEXT_MAX), file + "!" + CONFIG, List.of());
            Vocabulary vocab = vocabulary(zip);
            TrainingState state = Json.MAPPER.readValue(zip.bytes(STATE, TEXT_MAX), TrainingState.class);
            long[] counts = counts(zip);
            long expected = NetworkFactory.parameters(config, vocab.size());
            NetworkFactory.checkMemory(config, vocab.size());
            INDArray params = weights(zip, config, vocab.size(), expected);
            MultiLayerConfiguration conf = NetworkFactory.configuration(config, vocab.size(), params.dataType());
            conf.setIterationCount((int) counts[0]);
            conf.setEpochCount((int) counts[1]);
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init(params, false);
            if (zip.has(UPDATER)) updater(zip, net);
            if (state.lr() > 0 && net.getUpdater() != null) net.setLearningRate(state.lr());
            return new ModelBundle(net, vocab, config, state, subwords(zip, config, vocab));
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new LmkitException("model file is truncated or not an lmkit model: " + file);
        } catch (LmkitException e) {
            if (e.getMessage().contains(file.toString())) throw e;
            throw new LmkitException(e.getMessage() + ": " + file, e);
        } catch (IOException e) {
            throw new LmkitException("cannot load model " + file + ": " + Messages.quote(e.getMessage()));
        }
    }

    /** A {@code tokenizer: bpe} model's pieces, each of which must be in its vocabulary; null for the other tokenizers. */
    private static Subwords subwords(ModelZip zip, LmConfig config, Vocabulary vocab) throws IOException {
        if (config.data().tokenizer() != DataConfig.Tokenization.BPE) return null;
        if (!zip.has(SUBWORDS)) throw new LmkitException("not an lmkit model: a tokenizer: bpe model without " + SUBWORDS + ": " + zip.file());
        Subwords subwords = Subwords.read(zip.text(SUBWORDS, VOCAB_MAX), zip.file() + "!" + SUBWORDS);
        for (String piece : subwords.pieces()) {
            if (vocab.id(piece) == vocab.unkId()) throw new LmkitException("not an lmkit model: piece " + dev.lmkit.Messages.quote(piece)
                    + " of " + SUBWORDS + " is not in the vocabulary: " + zip.file());
        }
        return subwords;
    }

    private static Vocabulary vocabulary(ModelZip zip) throws IOException {
        List<String> tokens;
        try {
            tokens = Json.MAPPER.readValue(zip.bytes(VOCAB, VOCAB_MAX), new TypeReference<List<String>>() { });
        } catch (org.nd4j.shade.jackson.core.JsonProcessingException e) {
            throw new LmkitException("not an lmkit model: " + VOCAB + " is not a list of tokens: " + zip.file());
        }
        if (tokens == null || tokens.size() < 2) throw new LmkitException("not an lmkit model: " + VOCAB + " has fewer than 2 tokens: " + zip.file());
        try {
            return new Vocabulary(tokens);
        } catch (IllegalArgumentException e) {
            throw new LmkitException(Messages.quote(e.getMessage()) + ": " + zip.file() + "!" + VOCAB);
        }
    }

    /**
     * The iteration and epoch counts from DL4J's configuration.json (Adam's bias correction counts iterations),
     * read token by token at the top level: nothing in the file names a class that is loaded.
     */
    private static long[] counts(ModelZip zip) throws IOException {
        long[] counts = {0, 0};
        try (var parser = Json.MAPPER.getFactory().createParser(zip.bytes(NETWORK, NETWORK_MAX))) {
            int depth = 0;
            for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) depth++;
                else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) depth--;
                else if (t == JsonToken.FIELD_NAME && depth == 1) {
                    String name = parser.getCurrentName();
                    int k = "iterationCount".equals(name) ? 0 : "epochCount".equals(name) ? 1 : -1;
                    if (k >= 0 && parser.nextToken() == JsonToken.VALUE_NUMBER_INT) counts[k] = Math.max(0, Math.min(Integer.MAX_VALUE, parser.getLongValue()));
                }
            }
        } catch (org.nd4j.shade.jackson.core.JsonProcessingException e) {
            throw new LmkitException("not an lmkit model: " + NETWORK + " is not JSON: " + zip.file());
        }
        return counts;
    }

    private static INDArray weights(ModelZip zip, LmConfig config, int vocabSize, long expected) throws IOException {
        String where = zip.file() + "!" + WEIGHTS;
        try (var in = new DataInputStream(new BufferedInputStream(zip.weights(WEIGHTS, 8 * expected + HEADER), 1 << 16))) {
            return ArrayCodec.read(in, expected, expected, where);
        } catch (ArrayCodec.LengthMismatch e) {
            throw vocabularyMismatch(e, config, vocabSize, zip.file());
        }
    }

    /** When the weights fit the configuration with another vocabulary size, that is the clearer message. */
    private static LmkitException vocabularyMismatch(ArrayCodec.LengthMismatch e, LmConfig config, int vocabSize, Path file) {
        long held = e.held;
        long base = NetworkFactory.parameters(config, 0), perToken = NetworkFactory.parameters(config, 1) - base;
        if (held > base && (held - base) % perToken == 0) {
            return new LmkitException("model/vocabulary mismatch: the network predicts " + (held - base) / perToken
                    + " tokens but the vocabulary has " + vocabSize + ": " + file);
        }
        return e;
    }

    private static void updater(ModelZip zip, MultiLayerNetwork net) throws IOException {
        INDArray view = net.getUpdater() == null ? null : net.getUpdater().getStateViewArray();
        long expected = view == null ? 0 : view.length();
        String where = zip.file() + "!" + UPDATER;
        if (expected == 0) throw new LmkitException("model/configuration mismatch: " + where + " holds optimizer state the configured optimizer has none of");
        try (var in = new DataInputStream(new BufferedInputStream(zip.weights(UPDATER, 8 * expected + HEADER), 1 << 16))) {
            view.assign(ArrayCodec.read(in, expected, expected, where).reshape(view.shape()));
        }
    }
}
