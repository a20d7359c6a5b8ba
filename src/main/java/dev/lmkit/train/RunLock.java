package dev.lmkit.train;

import dev.lmkit.LmkitException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One writer per run directory: an OS file lock on {@code DIR/.lock}, held for the run's life and
 * released by the OS when the process ends in any way (so a lock left by a killed run is stale and
 * simply taken over). The file names the holder's PID for the message a second writer gets.
 * Readers (sample, eval, score, agreement) never take it.
 */
public final class RunLock implements AutoCloseable {
    static final String FILE = ".lock";
    private final FileChannel channel;
    private final FileLock lock;
    private final Path file;

    private RunLock(FileChannel channel, FileLock lock, Path file) {
        this.channel = channel;
        this.lock = lock;
        this.file = file;
    }

    /** Takes the lock of {@code dir} (which must exist), or refuses naming the process that holds it. */
    public static RunLock acquire(Path dir, java.io.PrintStream log) {
        Path file = dir.resolve(FILE);
        try {
            dev.lmkit.OutputFiles.refuseLink(file);
            String previous = Files.exists(file) ? pid(Files.readString(file, StandardCharsets.UTF_8)) : "";
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this very JVM
            }
            if (lock == null) {
                channel.close();
                throw new LmkitException("run directory is in use by another training run (pid " + (previous.isEmpty() ? "unknown" : previous)
                        + "): " + dir);
            }
            if (!previous.isEmpty()) log.println("taking over the stale lock of process " + previous + " (no longer running) in " + dir);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new RunLock(channel, lock, file);
        } catch (IOException e) {
            throw new LmkitException("cannot lock run directory " + dir + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The process id a lock file names, or "unknown": nothing else of the file reaches a message. */
    private static String pid(String text) {
        String first = text.strip().lines().findFirst().orElse("");
        return first.matches("\\d{1,10}") ? first : "unknown";
    }
}
