package dev.lmkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds lmkit's own files (configs/, corpora/) from any working directory: there first, then in the checkout ./lmkit runs from. */
public final class Home {
    private Home() {
    }

    public static Path resolve(Path relative) {
        if (Files.exists(relative) || relative.isAbsolute()) return relative;
        String home = System.getProperty("lmkit.home");
        return home == null ? relative : Path.of(home).resolve(relative);
    }
}
