package dev.lmkit.train;

import dev.lmkit.LmkitException;
import dev.lmkit.Messages;
import dev.lmkit.OutputFiles;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A training run's directory, opened for writing: every reason to refuse is checked before anything
 * on disk changes, then the directory is locked ({@link RunLock}) for the run's life and the temp
 * files of an interrupted checkpoint write are removed.
 */
public final class RunDirectory implements AutoCloseable {
    /** Marks a directory as an lmkit run, written when one starts. */
    static final String MARK = ".lmkit-run";
    /** Every name lmkit writes in a run directory. */
    static final List<String> OWN = List.of(MARK, RunLock.FILE, "config.yaml", "metrics.csv", "steps.csv", "curves.png", "last.zip", "best.zip");
    private final Path dir;
    private final RunLock lock;
    private final boolean resumes;

    private RunDirectory(Path dir, RunLock lock, boolean resumes) {
        this.dir = dir;
        this.lock = lock;
        this.resumes = resumes;
    }

    /**
     * Refuses a new run into a directory that holds a model, a run into a directory that is not an lmkit run (a user's
     * files would be overwritten), and any directory where a name lmkit writes is a symbolic link. A resume of a run that
     * never wrote a checkpoint is not refused: it starts the run ({@link #open} says so), so one command line can
     * always be restarted.
     */
    static void checkOpenable(Path dir, boolean resume) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new LmkitException("--out is a file, not a run directory: " + dir);
        for (String name : OWN) OutputFiles.refuseLink(dir.resolve(name));
        boolean hasModel = hasModel(dir);
        if (!resume && hasModel) throw new LmkitException("run directory already holds a model (use --resume, or another --out): " + dir);
        boolean run = hasModel || Files.exists(dir.resolve(MARK)) || Files.exists(dir.resolve(RunLock.FILE));
        if (!run && Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                List<String> names = entries.map(p -> p.getFileName().toString()).sorted().limit(4).toList();
                if (!names.isEmpty()) {
                    throw new LmkitException("--out is a directory that is not an lmkit run (it holds " + Messages.quote(String.join(", ", names))
                            + (names.size() == 4 ? ", ..." : "") + "): give a new or empty directory: " + dir);
                }
            } catch (IOException e) {
                throw new LmkitException("cannot read run directory " + dir + ": " + e.getMessage());
            }
        }
    }

    public static RunDirectory open(Path dir, boolean resume, PrintStream log) {
        checkOpenable(dir, resume);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LmkitException("cannot create run directory " + dir + ": " + e.getMessage());
        }
        RunLock lock = RunLock.acquire(dir, log);
        boolean hasModel = hasModel(dir);
        if (resume && !hasModel) log.println("nothing to resume in " + dir + " (no checkpoint was written yet): starting the run");
        try {
            if (!Files.exists(dir.resolve(MARK))) Files.writeString(dir.resolve(MARK), "", StandardOpenOption.CREATE_NEW);
        } catch (IOException e) {
            lock.close();
            throw new LmkitException("cannot write in run directory " + dir + ": " + e.getMessage());
        }
        removeStaleTempFiles(dir);
        return new RunDirectory(dir, lock, resume && hasModel);
    }

    private static boolean hasModel(Path dir) {
        return Files.exists(dir.resolve("last.zip")) || Files.exists(dir.resolve("best.zip"));
    }

    /** Whether this run continues from a checkpoint (a --resume with nothing to resume from starts afresh). */
    public boolean resumes() {
        return resumes;
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
