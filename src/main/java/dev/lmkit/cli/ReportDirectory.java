package dev.lmkit.cli;

import dev.lmkit.LmkitException;
import dev.lmkit.OutputFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A command's {@code --report} directory: refused before the slow part when it exists, then written whole or not at all. */
final class ReportDirectory {
    private ReportDirectory() {
    }

    /** Refuses an existing {@code report} (null: no report asked for); {@code command} names who writes it. */
    static void checkNew(Path report, String command) {
        if (report != null && Files.exists(report)) throw new LmkitException("--report: " + report + " exists (" + command + " writes a new directory)");
    }

    /** Writes the report's files into a temporary sibling and renames it to {@code report}; nothing when {@code report} is null. */
    static void write(Path report, OutputFiles.Writer files) throws IOException {
        if (report != null) OutputFiles.writeDirectory(report, files);
    }
}
