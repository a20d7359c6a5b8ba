package dev.lmkit.eval;

import dev.lmkit.LmkitException;

import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Scoring a large input on a cluster ({@code score --spark MASTER}), implemented by lmkit-spark ({@code spark/}) and
 * found with {@link ServiceLoader}, as {@link dev.lmkit.train.DistributedTraining} is.
 */
public interface DistributedScoring {
    /** {@code master}: {@code local[N]}, {@code spark://host:port} or {@code submit}; {@code workers}: executor cores asked for. */
    record Request(String master, int workers) {
    }

    /**
     * Scores every line of {@code input} (a path or URI) and writes {@link ScoreRows}' rows to {@code out} (a new
     * directory, path or URI): part files whose concatenation in name order is what {@code score} prints, and
     * {@code manifest.json} naming them. The directory appears whole or not at all. Returns the lines scored.
     */
    long score(Path model, String input, String out, ScoreRows.Options options, Request request);

    static DistributedScoring find() {
        return ServiceLoader.load(DistributedScoring.class).findFirst().orElseThrow(() -> new LmkitException(
                "--spark needs lmkit-spark on the classpath: ./lmkit adds it from the checkout's spark/ (built on first use); "
                        + "a library user depends on dev.lmkit:lmkit-spark"));
    }
}
