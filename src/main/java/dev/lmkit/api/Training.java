package dev.lmkit.api;

import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.train.MetricsCsv;
import dev.lmkit.train.Trainer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Training from Java: the same trainer as {@code ./lmkit train}, with the run directory's
 * checkpoints, {@code metrics.csv} and {@code curves.png}.
 *
 * <pre>{@code
 * Training.Run run = Training.train(Path.of("configs/quickstart.yaml"), Path.of("runs/demo"), "train.epochs=1");
 * run.curve();          // per-epoch train / valid loss
 * run.model().sample("the", 12, 0.8, 1);
 * }</pre>
 */
public final class Training {
    private Training() {
    }

    public record Run(Path dir, Trainer.Result result, LanguageModel model) {
        /** One row per validation (each epoch, and every {@code eval_every} steps if set). */
        public List<MetricsCsv.Row> curve() {
            return MetricsCsv.read(dir.resolve("metrics.csv"));
        }

        /** The learning-curve chart the trainer wrote at the end. */
        public Path curvesPng() {
            return dir.resolve("curves.png");
        }
    }

    /** Trains quietly; {@code overrides} are {@code key=value} as {@code --set}. */
    public static Run train(Path config, Path runDir, String... overrides) {
        return train(ConfigLoader.load(config, List.of(overrides)), runDir, null);
    }

    /** Trains; progress lines go to {@code log} when it is not null. */
    public static Run train(LmConfig config, Path runDir, PrintStream log) {
        Corpus corpus = Corpus.load(config.data());
        PrintStream out = log != null ? log : new PrintStream(PrintStream.nullOutputStream());
        Trainer.Result result = Trainer.train(config, corpus, new Trainer.Options(runDir, false, log == null, out));
        return new Run(runDir, result, LanguageModel.load(runDir));
    }
}
