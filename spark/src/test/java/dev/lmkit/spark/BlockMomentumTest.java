package dev.lmkit.spark;

import dev.lmkit.LmkitException;
import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.train.DistributedTraining;
import dev.lmkit.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Block momentum over averaging rounds: the arithmetic against its definition, and a 2-worker run that resumes exactly. */
class BlockMomentumTest {
    @TempDir
    Path dir;

    private static INDArray vector(double... v) {
        return Nd4j.createFromArray(v).castTo(DataType.DOUBLE);
    }

    @Test
    void followsChenAndHuosNesterovUpdate() {
        double mu = 0.5;
        BlockMomentum bm = new BlockMomentum(mu);
        INDArray w = vector(1, 2, 3);
        double[][] means = {{1.5, 1.0, 3.0}, {2.5, 0.0, 3.5}, {2.0, 1.0, 1.0}};
        // the definition in plain doubles: G = mean − start; Δ = μΔ + G; W += Δ; next start = W + μΔ
        double[] refW = {1, 2, 3}, delta = {0, 0, 0};
        for (double[] mean : means) {
            INDArray started = bm.start(w).dup();
            for (int i = 0; i < 3; i++) assertEquals(refW[i] + mu * delta[i], started.getDouble(i), 1e-12, "the look-ahead the workers start from");
            bm.apply(w, started, vector(mean));
            for (int i = 0; i < 3; i++) {
                double g = mean[i] - (refW[i] + mu * delta[i]);
                delta[i] = mu * delta[i] + g;
                refW[i] += delta[i];
                assertEquals(refW[i], w.getDouble(i), 1e-12);
            }
        }
        BlockMomentum plain = new BlockMomentum(0);
        INDArray p = vector(1, 2, 3);
        plain.apply(p, plain.start(p), vector(4, 5, 6));
        assertEquals(vector(4, 5, 6), p, "momentum 0 is plain averaging");
        assertNull(plain.write(), "nothing to checkpoint without momentum");
        assertEquals(0.5, BlockMomentum.forWorkers(2));
        assertEquals(0.0, BlockMomentum.forWorkers(1));
    }

    @Test
    void checkpointsRoundTripAndRefuseAnotherMomentum() {
        BlockMomentum bm = new BlockMomentum(0.5);
        INDArray w = vector(1, 2, 3);
        bm.apply(w, bm.start(w).dup(), vector(2, 2, 2));
        BlockMomentum back = new BlockMomentum(0.5);
        back.restore(bm.write(), w, Path.of("run/last.zip"));
        assertEquals(bm.start(w), back.start(w));
        var other = assertThrows(LmkitException.class, () -> new BlockMomentum(0.25).restore(bm.write(), w, Path.of("run/last.zip")));
        assertEquals("run/last.zip was trained with --block-momentum 0.5, not 0.25: resume with the block momentum it was trained with", other.getMessage());
        assertThrows(LmkitException.class, () -> new BlockMomentum(0.5).restore(new byte[]{1, 2, 3}, w, Path.of("x.zip")));
        assertThrows(LmkitException.class, () -> new BlockMomentum(0.5).restore(bm.write(), vector(1, 2), Path.of("x.zip")), "another network's length");
    }

    @Test
    void twoWorkersResumeExactlyWithTheirMomentum() throws Exception {
        Path train = Files.writeString(dir.resolve("t.txt"), "the cat sees a dog .\nthese cats see the dogs .\n".repeat(150));
        LmConfig four = ConfigLoader.parse("""
                data: {mode: word, train: %s, valid_fraction: 0.1}
                model: {embedding: 8, hidden: [12], init_range: 0.3}
                train: {optimizer: sgd, lr: 1.0, batch: 4, bptt: 6, epochs: 4, seed: 3, clip_norm: 5.0}
                """.formatted(train), "t.yaml", List.of());
        Corpus corpus = Corpus.load(four.data());
        var local = new DistributedTraining.Request("local[2]", 2, 2, 2); // momentum 1 − 1/2
        DistributedTraining.find().train(four, corpus, new Trainer.Options(dir.resolve("straight"), false), local);
        Path last = dir.resolve("straight/last.zip");
        assertNotNull(ModelBundle.extra(last, BlockMomentum.ENTRY, 1 << 20), "the filtered update is checkpointed");

        var plain = new DistributedTraining.Request("local[2]", 2, 2, 2, "averaging", 1e-3, 0.0);
        DistributedTraining.find().train(four, corpus, new Trainer.Options(dir.resolve("plain"), false), plain);
        assertNotEquals(ModelBundle.load(last).net().params(), ModelBundle.load(dir.resolve("plain/last.zip")).net().params(),
                "block momentum changes the run");

        LmConfig two = ConfigLoader.parse(ConfigLoader.toYaml(four), "t", List.of("train.epochs=2"));
        DistributedTraining.find().train(two, corpus, new Trainer.Options(dir.resolve("resumed"), false), local);
        byte[] stopped = Files.readAllBytes(dir.resolve("resumed/last.zip"));
        var refused = assertThrows(LmkitException.class,
                () -> DistributedTraining.find().train(four, corpus, new Trainer.Options(dir.resolve("resumed"), true), plain));
        assertTrue(refused.getMessage().contains("resume with the block momentum it was trained with"), refused.getMessage());
        assertArrayEquals(stopped, Files.readAllBytes(dir.resolve("resumed/last.zip")), "a refused resume changes nothing");
        DistributedTraining.find().train(four, corpus, new Trainer.Options(dir.resolve("resumed"), true), local);
        assertEquals(ModelBundle.load(last).net().params(), ModelBundle.load(dir.resolve("resumed/last.zip")).net().params(),
                "2 + 2 epochs equal 4 straight, bit for bit");
    }
}
