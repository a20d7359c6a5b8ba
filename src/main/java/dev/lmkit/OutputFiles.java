package dev.lmkit;

import java.io.IOException;
import java.nio.file.*;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * How lmkit writes what it produces: whole or not at all, and never through a symbolic link it did not make.
 * A file is written beside its target under a temporary name and renamed over it (a rename replaces a link at
 * that name; it does not write to where the link points); a directory of files (a report) is built beside its
 * target and swapped in only when complete.
 */
public final class OutputFiles {
    public interface Writer {
        void write(Path temp) throws IOException;
    }

    private OutputFiles() {
    }

    /** Writes {@code target} through {@code writer} into a temporary sibling, then renames it over {@code target}. */
    public static void write(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            writer.write(temp);
            readableByAll(temp);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Builds directory {@code target} through {@code writer} in a temporary sibling; only when that is complete does it
     * take {@code target}'s place (an old {@code target} is moved aside first and then deleted). A kill leaves the old
     * directory or the new one, never a mix.
     */
    public static void writeDirectory(Path target, Writer writer) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempDirectory(parent, "." + target.getFileName() + ".");
        Path old = parent.resolve("." + target.getFileName() + ".old-" + ProcessHandle.current().pid());
        try {
            writer.write(temp);
            readableByAll(temp);
            boolean replacing = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
            if (replacing) Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            if (replacing) deleteTree(old);
        } finally {
            if (Files.exists(temp, LinkOption.NOFOLLOW_LINKS)) deleteTree(temp);
        }
    }

    /** Refuses {@code file} when it is a symbolic link: lmkit writes only files it makes. */
    public static void refuseLink(Path file) {
        if (Files.isSymbolicLink(file)) {
            throw new LmkitException("refusing to write through a symbolic link (lmkit writes only files it makes; remove it): " + file);
        }
    }

    /** Temp files and directories are created private; lmkit's outputs are ordinary: rw-r--r--, rwxr-xr-x. */
    public static void readableByAll(Path path) throws IOException {
        try {
            boolean dir = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
            Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString(dir ? "rwxr-xr-x" : "rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its defaults stand
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
