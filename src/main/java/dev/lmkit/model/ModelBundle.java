package dev.lmkit.model;

import dev.lmkit.fused.Threads;
import dev.lmkit.Json;
import dev.lmkit.LmkitException;
import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Subwords;
import dev.lmkit.corpus.Vocabulary;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.List;
import java.util.Map;
import java.util.zip.*;

/**
 * A trained model as one zip file: DL4J's own entries (configuration, coefficients, updater state)
 * plus {@code lmkit/vocab.json}, {@code lmkit/config.yaml} (the resolved config) and
 * {@code lmkit/state.json} (the {@link TrainingState}). Saving writes a temp file beside the target
 * and renames it over, so an existing good bundle is never left half-written; loading treats the file as
 * untrusted input ({@link ModelReader}).
 */
public final class ModelBundle {
    private static final String VOCAB = ModelReader.VOCAB;
    private static final String CONFIG = ModelReader.CONFIG;
    private static final String STATE = ModelReader.STATE;
    private final MultiLayerNetwork net;
    private final Vocabulary vocab;
    private final LmConfig config;
    private final TrainingState state;
    private final Subwords subwords;
    private final ModelText text;

    public ModelBundle(MultiLayerNetwork net, Vocabulary vocab, LmConfig config, TrainingState state) {
        this(net, vocab, config, state, null);
    }

    /** {@code subwords}: the pieces of a {@code data.tokenizer: bpe} model (required then), null for the others. */
    public ModelBundle(MultiLayerNetwork net, Vocabulary vocab, LmConfig config, TrainingState state, Subwords subwords) {
        this.net = net;
        this.vocab = vocab;
        this.config = config;
        this.state = state;
        this.subwords = subwords;
        this.text = new ModelText(vocab, config.data(), subwords);
    }

    /** The subword pieces of a {@code data.tokenizer: bpe} model; null for the others. */
    public Subwords subwords() {
        return subwords;
    }

    public MultiLayerNetwork net() {
        return net;
    }

    public Vocabulary vocab() {
        return vocab;
    }

    public LmConfig config() {
        return config;
    }

    public TrainingState state() {
        return state;
    }

    /** How this model reads text: the one path from raw or corpus text to its tokens and ids. */
    public ModelText text() {
        return text;
    }

    public void save(Path file) {
        save(file, Map.of());
    }

    /** Saves with {@code extra} entries (name → bytes) beside the model's own, all in one atomic rename. */
    public void save(Path file, Map<String, byte[]> extra) {
        try {
            dev.lmkit.OutputFiles.write(file, tmp -> {
                try (var zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20))) {
                    writeNetwork(zip);
                    put(zip, VOCAB, Json.write(vocab.tokens()));
                    put(zip, CONFIG, ConfigLoader.toYaml(config));
                    put(zip, STATE, Json.write(state));
                    if (subwords != null) put(zip, ModelReader.SUBWORDS, subwords.write());
                    for (var e : extra.entrySet()) {
                        zip.putNextEntry(new ZipEntry(e.getKey()));
                        zip.write(e.getValue());
                    }
                }
            });
        } catch (IOException e) {
            throw new LmkitException("cannot write model " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The network in the entries of DL4J's ModelSerializer (configuration.json, coefficients.bin, and
     * updaterState.bin when the optimizer has state), so DL4J's own tools can open an lmkit model; lmkit itself
     * reads them back with {@link ModelReader}, which never trusts them.
     */
    private void writeNetwork(ZipOutputStream zip) throws IOException {
        put(zip, "configuration.json", net.getLayerWiseConfigurations().toJson());
        // Float weights barely compress, and deflating them would take most of a large model's save: store them.
        zip.setLevel(Deflater.NO_COMPRESSION);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(zip, 1 << 16));
        zip.putNextEntry(new ZipEntry("coefficients.bin"));
        Nd4j.write(net.params(), out);
        out.flush();
        INDArray updater = net.getUpdater() == null ? null : net.getUpdater().getStateViewArray();
        if (updater != null && updater.length() > 0) {
            zip.putNextEntry(new ZipEntry("updaterState.bin"));
            Nd4j.write(updater, out);
            out.flush();
        }
        zip.setLevel(Deflater.DEFAULT_COMPRESSION);
    }

    private static void put(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Loads a bundle file, or the best model of a run directory; the file is untrusted input ({@link ModelReader}). */
    public static ModelBundle load(Path path) {
        Threads.configure();
        return ModelReader.read(resolve(path));
    }

    /**
     * An entry saved with {@link #save(Path, Map)}, or null when the file has none; refused past {@code max} bytes
     * (the caller knows what the entry can hold).
     */
    public static byte[] extra(Path file, String name, long max) {
        try (ModelZip zip = ModelZip.open(file)) {
            return zip.has(name) ? zip.bytes(name, max) : null;
        } catch (IOException e) {
            throw new LmkitException("cannot read " + name + " from " + file + ": " + e.getMessage());
        }
    }

    /** A run directory means its {@code best.zip} (or {@code last.zip} before any validation). */
    public static Path resolve(Path path) {
        if (Files.isDirectory(path)) {
            for (String name : new String[]{"best.zip", "last.zip"}) {
                if (Files.isRegularFile(path.resolve(name))) return path.resolve(name);
            }
            throw new LmkitException("no model in run directory (expected best.zip or last.zip): " + path);
        }
        if (!Files.isRegularFile(path)) throw new LmkitException("model not found: " + path);
        return path;
    }

}
