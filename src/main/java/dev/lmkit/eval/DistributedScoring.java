package dev.lmkit.eval;

import dev.lmkit.Cluster;

import java.nio.file.Path;

/**
 * Scoring a large input on a cluster ({@code score --spark MASTER}), implemented by lmkit-spark ({@code spark/}) and
 * found by {@link Cluster#find}.
 */
public interface DistributedScoring {
    /**
     * Scores every line of {@code input} (a path or URI) and writes {@link ScoreRows}' rows to {@code out} (a new
     * directory, path or URI): part files whose concatenation in name order is what {@code score} prints, and
     * {@code manifest.json} naming them. The directory appears whole or not at all. Returns the lines scored.
     */
    long score(Path model, String input, String out, ScoreRows.Options options, Cluster cluster);

    static DistributedScoring find() {
        return Cluster.find(DistributedScoring.class);
    }
}
