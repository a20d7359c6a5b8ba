package dev.lmkit.train;

import dev.lmkit.LmkitException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A training run's directory, opened for writing: every reason to refuse is checked before anything
 * on disk changes, then the directory is locked ({@link RunLock}) for the run's life and the temp
 * files of an interrupted checkpoint write are removed.
 */
public final class RunDirectory implements AutoCloseable {
    private final Path dir;
    private final RunLock lock;

    private RunDirectory(Path dir, RunLock lock) {
        this.dir = dir;
        this.lock = lock;
    }

    /** Refuses a new run into a directory that holds a model, and a resume from one that does not. */
    static void checkOpenable(Path dir, boolean resume) {
        boolean hasModel = Files.exists(dir.resolve("last.zip")) || Files.exists(dir.resolve("best.zip"));
        if (!resume && hasModel) throw new LmkitException("run directory already holds a model (use --resume, or another --out): " + dir);
        if (resume && !hasModel) throw new LmkitException("nothing to resume: no last.zip or best.zip in " + dir);
    }

    public static RunDirectory open(Path dir, boolean resume, PrintStream log) {
        checkOpenable(dir, resume);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LmkitException("cannot create run directory " + dir + ": " + e.getMessage());
        }
        RunLock lock = RunLock.acquire(dir, log);
        removeStaleTempFiles(dir);
        return new RunDirectory(dir, lock);
    }

    /** The checkpoint to resume from: {@code last.zip}, or {@code best.zip} when a run died before writing its first last.zip. */
    public Path resumeFrom(PrintStream log) {
        Path last = dir.resolve("last.zip");
        if (Files.exists(last)) return last;
        log.println("no last.zip in " + dir + " (the run died before its first epoch ended): resuming from best.zip");
        return dir.resolve("best.zip");
    }

    /** Checkpoints go to {@code .NAME.zip…tmp} first; a killed write leaves one behind. */
    private static void removeStaleTempFiles(Path dir) {
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, ".{last,best}.zip*.tmp")) {
            for (Path t : temps) Files.deleteIfExists(t);
        } catch (IOException e) {
            throw new LmkitException("cannot clean run directory " + dir + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        lock.close();
    }
}
