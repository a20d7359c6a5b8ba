package dev.lmkit.inspect;

import dev.lmkit.TestData;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Vocabulary;
import dev.lmkit.fused.FusedLstmLayer;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.model.NetworkFactory;
import dev.lmkit.model.TrainingState;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A one-layer LSTM of four units whose agreement is planted by hand. Unit 0 keeps the number of the first noun it
 * reads (its gates open at a noun only while unit 1 is silent) and alone decides between "sleep" and "sleeps"; unit 1
 * turns on at the first noun and stays on, so a later noun (an attractor) cannot overwrite unit 0. Units 2 and 3 keep
 * their random weights and do not reach the output. Nouns are {@code nounK} and {@code nounKs}.
 */
final class PlantedModel {
    static final int NOUNS = 40;

    private PlantedModel() {
    }

    static Vocabulary vocabulary() {
        List<String> words = new ArrayList<>(List.of("<unk>", "<eos>", "the", "near", "sleeps", "sleep"));
        for (int k = 0; k < NOUNS; k++) words.addAll(List.of("noun" + k, "noun" + k + "s"));
        return new Vocabulary(words);
    }

    /** The model with random weights, {@code planted} or not. */
    static ModelBundle model(Path dir, boolean planted) throws Exception {
        LmConfig config = TestData.tinyConfig(dir, "model.impl=fused", "model.embedding=4", "model.hidden=[4]");
        Vocabulary vocab = vocabulary();
        MultiLayerNetwork net = NetworkFactory.create(config, vocab.size());
        if (planted) plant(net, vocab);
        return new ModelBundle(net, vocab, config, TrainingState.start(1));
    }

    private static void plant(MultiLayerNetwork net, Vocabulary vocab) {
        INDArray embedding = net.getLayer(0).getParam("W"); // [vocab, 4]: e0 the number (+1 plural), e1 "a noun"
        embedding.assign(0);
        for (int k = 0; k < NOUNS; k++) {
            embedding.putScalar(vocab.id("noun" + k), 0, -1);
            embedding.putScalar(vocab.id("noun" + k), 1, 1);
            embedding.putScalar(vocab.id("noun" + k + "s"), 0, 1);
            embedding.putScalar(vocab.id("noun" + k + "s"), 1, 1);
        }
        Layer lstm = null;
        for (Layer l : net.getLayers()) if (l instanceof FusedLstmLayer) lstm = l;
        int h = 4, block = 0, forget = h, output = 2 * h, input = 3 * h; // DL4J's gate columns
        INDArray w = lstm.getParam("W"), rw = lstm.getParam("RW"), b = lstm.getParam("b");
        for (int unit = 0; unit < 2; unit++) {
            for (int g = 0; g < 4; g++) {
                w.getColumn(g * h + unit).assign(0);
                rw.getColumn(g * h + unit).assign(0);
                b.putScalar(g * h + unit, 0);
            }
        }
        // unit 0: c0 = tanh(5 e0) at the first noun, kept from then on
        w.putScalar(0, block, 5);
        w.putScalar(1, forget, -20);
        rw.putScalar(1, forget, 30);
        b.putScalar(forget, 10);
        b.putScalar(output, 10);
        w.putScalar(1, input, 10);
        rw.putScalar(1, input, -20);
        b.putScalar(input, -5);
        // unit 1: on from the first noun
        w.putScalar(1, block + 1, 5);
        b.putScalar(forget + 1, 10);
        b.putScalar(output + 1, 10);
        w.putScalar(1, input + 1, 10);
        b.putScalar(input + 1, -5);
        Layer out = net.getLayer(net.getnLayers() - 1);
        INDArray ow = out.getParam("W"), ob = out.getParam("b");
        ow.assign(0);
        ob.assign(0);
        ow.putScalar(0, vocab.id("sleep"), 6);
        ow.putScalar(0, vocab.id("sleeps"), -6);
        ob.putScalar(vocab.id("sleeps"), 0.01); // a silent unit 0: always singular, right on half the items
    }

    /**
     * A suite in {@code agreement generate}'s TSV form: {@code perCell} items for each subject number in "the N sleeps"
     * and in "the N near the N2 sleeps" with N2 of the same and of the other number ({@code shapes}: none, match,
     * mismatch; all three by default).
     */
    static Path suite(Path dir, int perCell, long seed, String... shapes) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> rows = new ArrayList<>(List.of("sub_case\tattractors\tgrammatical\tungrammatical\tsubject_index\tsubject_number\tattractor_index"));
        for (boolean plural : new boolean[]{false, true}) {
            for (String shape : shapes.length > 0 ? List.of(shapes) : List.of("none", "match", "mismatch")) {
                for (int i = 0; i < perCell; i++) {
                    String subject = noun(r.nextInt(NOUNS), plural), verb = plural ? "sleep" : "sleeps", wrong = plural ? "sleeps" : "sleep";
                    String prefix = "the " + subject, nouns = "-";
                    int attractors = 0;
                    if (!shape.equals("none")) {
                        boolean other = shape.equals("mismatch");
                        prefix += " near the " + noun(r.nextInt(NOUNS), plural != other);
                        nouns = "4";
                        attractors = other ? 1 : 0;
                    }
                    rows.add((plural ? "pl" : "sg") + "_subject/" + shape + "_attractor\t" + attractors + "\t" + prefix + " " + verb + "\t"
                            + prefix + " " + wrong + "\t1\t" + (plural ? "pl" : "sg") + "\t" + nouns);
                }
            }
        }
        Path file = dir.resolve("planted" + String.join("-", shapes) + ".tsv");
        Files.write(file, rows);
        return file;
    }

    private static String noun(int k, boolean plural) {
        return "noun" + k + (plural ? "s" : "");
    }
}
