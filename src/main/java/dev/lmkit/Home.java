package dev.lmkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Finds lmkit's own files (configs/, corpora/*.yaml, bench/workloads.json) from any working directory:
 * there first, then in the checkout or distribution that {@code lmkit} runs from ({@code lmkit.home}),
 * then inside lmkit's jar, where a library user who has neither finds the same defaults.
 */
public final class Home {
    /** Where the build puts the defaults inside the jar (pom.xml, resources). */
    static final String IN_JAR = "lmkit-home/";
    private static Path extracted;

    private Home() {
    }

    public static Path resolve(Path relative) {
        if (Files.exists(relative) || relative.isAbsolute()) return relative;
        String home = System.getProperty("lmkit.home");
        if (home != null && Files.exists(Path.of(home).resolve(relative))) return Path.of(home).resolve(relative);
        Path fromJar = fromJar(relative);
        return fromJar != null ? fromJar : relative;
    }

    /** The bundled copy of {@code relative} as a temporary file (deleted when the JVM exits), or null. */
    static synchronized Path fromJar(Path relative) {
        String name = IN_JAR + relative.toString().replace('\\', '/');
        try (InputStream in = Home.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) return null;
            if (extracted == null) {
                extracted = Files.createTempDirectory("lmkit-home");
                extracted.toFile().deleteOnExit();
            }
            Path dir = extracted;
            Path parent = relative.getParent();
            for (int i = 0; parent != null && i < parent.getNameCount(); i++) {
                dir = dir.resolve(parent.getName(i));
                Files.createDirectories(dir);
                dir.toFile().deleteOnExit();  // deleteOnExit runs in reverse order: the file, then its directories
            }
            Path target = dir.resolve(relative.getFileName());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            target.toFile().deleteOnExit();
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read lmkit's bundled " + relative + ": " + e.getMessage(), e);
        }
    }
}
