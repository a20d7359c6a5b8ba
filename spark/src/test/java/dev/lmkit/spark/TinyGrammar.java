package dev.lmkit.spark;

import dev.lmkit.agreement.AgreementGrammar;
import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;

import java.nio.file.Path;
import java.util.List;

/** A small word model on the synthetic agreement grammar's text, written into {@code dir}: seconds to train. */
final class TinyGrammar {
    private TinyGrammar() {
    }

    static LmConfig config(Path dir, int sentences, String model, int batch, int epochs) {
        AgreementGrammar grammar = AgreementGrammar.standard();
        grammar.writeCorpus(dir.resolve("train.txt"), sentences, 11);
        grammar.writeCorpus(dir.resolve("valid.txt"), Math.max(200, sentences / 25), 12);
        return ConfigLoader.parse("""
                data: {train: %s, valid: %s}
                model: %s
                train: {optimizer: adam, lr: 0.01, batch: %d, bptt: 20, epochs: %d, seed: 5}
                """.formatted(dir.resolve("train.txt"), dir.resolve("valid.txt"), model, batch, epochs), "tiny-grammar.yaml", List.of());
    }
}
