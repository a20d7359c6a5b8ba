package dev.lmkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Outputs appear whole or not at all, and a link at an output's name is replaced, never written through. */
class OutputFilesTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path file = Files.writeString(dir.resolve("vocab.txt"), "good\n");
        assertThrows(IOException.class, () -> OutputFiles.write(file, temp -> {
            Files.writeString(temp, "half");
            throw new IOException("killed");
        }));
        assertEquals("good\n", Files.readString(file));
        assertEquals(List.of("vocab.txt"), names());
        OutputFiles.write(file, temp -> Files.writeString(temp, "new\n"));
        assertEquals("new\n", Files.readString(file));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aLinkAtTheTargetsNameIsReplacedNotFollowed() throws Exception {
        Path precious = Files.writeString(dir.resolve("precious.txt"), "keep\n");
        Path link = Files.createSymbolicLink(dir.resolve("out.txt"), precious);
        OutputFiles.write(link, temp -> Files.writeString(temp, "output\n"));
        assertEquals("keep\n", Files.readString(precious));
        assertFalse(Files.isSymbolicLink(link));
        assertEquals("output\n", Files.readString(link));
        assertThrows(LmkitException.class, () -> OutputFiles.refuseLink(Files.createSymbolicLink(dir.resolve("l2"), precious)));
    }

    @Test
    void aDirectoryIsSwappedInWholeOrNotAtAll() throws Exception {
        Path report = dir.resolve("report");
        OutputFiles.writeDirectory(report, temp -> Files.writeString(temp.resolve("a.json"), "1"));
        assertThrows(IOException.class, () -> OutputFiles.writeDirectory(report, temp -> {
            Files.writeString(temp.resolve("a.json"), "2 (half");
            throw new IOException("killed");
        }));
        assertEquals("1", Files.readString(report.resolve("a.json")), "the old report stands");
        OutputFiles.writeDirectory(report, temp -> Files.writeString(temp.resolve("b.json"), "3"));
        try (var files = Files.list(report)) {
            assertEquals(List.of(report.resolve("b.json")), files.toList(), "replaced whole: nothing of the old one remains");
        }
        assertEquals(List.of("report"), names(), "no temporary or old directory left");
    }
}
