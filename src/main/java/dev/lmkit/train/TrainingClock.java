package dev.lmkit.train;

import dev.lmkit.model.ModelBundle;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A run's clock as its checkpoints record it, so that a resumed run's tokens/s, elapsed time and spent
 * {@code train.time_budget} go on from where it stopped: time spent training and the tokens trained in it,
 * and the wall time of the whole run so far (every earlier session included).
 */
public record TrainingClock(long trainNanos, long trainTokens, long runNanos) {
    public static final TrainingClock ZERO = new TrainingClock(0, 0, 0);
    /** Its entry in a checkpoint (see {@link ModelBundle#save(Path, java.util.Map)}). */
    public static final String ENTRY = "lmkit/train-clock.txt";

    public byte[] bytes() {
        return (trainNanos + " " + trainTokens + " " + runNanos).getBytes(StandardCharsets.UTF_8);
    }

    /** The clock a checkpoint recorded; {@link #ZERO} for one saved before lmkit kept it (its budget starts over). */
    public static TrainingClock read(Path checkpoint) {
        byte[] clock = ModelBundle.extra(checkpoint, ENTRY, 4096);
        if (clock == null) return ZERO;
        String[] f = new String(clock, StandardCharsets.UTF_8).trim().split(" ");
        try {
            return new TrainingClock(Long.parseLong(f[0]), Long.parseLong(f[1]), f.length > 2 ? Long.parseLong(f[2]) : 0);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new dev.lmkit.LmkitException("damaged training clock (" + ENTRY + ") in " + checkpoint);
        }
    }
}
