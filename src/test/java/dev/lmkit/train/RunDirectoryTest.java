package dev.lmkit.train;

import dev.lmkit.LmkitException;
import dev.lmkit.TestData;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/** What a run may do to the directory it is given: nothing to a user's files, nothing through links, nothing when refused. */
class RunDirectoryTest {
    @TempDir
    Path dir;

    private static Trainer.Options quiet(Path run, boolean resume, PrintStream log) {
        return new Trainer.Options(run, resume, true, log);
    }

    /** Every file under {@code root} with its bytes: the state of the disk, to compare before and after. */
    private static Map<String, String> snapshot(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (var files = Files.walk(root)) {
            for (Path p : files.toList()) {
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) out.put(root.relativize(p).toString(), Files.readString(p, StandardCharsets.ISO_8859_1));
                else if (Files.isSymbolicLink(p)) out.put(root.relativize(p) + " -> ", Files.readSymbolicLink(p).toString());
            }
        }
        return out;
    }

    private LmConfig config() throws Exception {
        return TestData.tinyConfig(dir, "train.epochs=1");
    }

    @Test
    void aDirectoryThatIsNotARunIsRefusedBeforeAnythingIsWritten() throws Exception {
        LmConfig config = config();
        Corpus corpus = Corpus.load(config.data());
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("config.yaml"), "# my carefully commented config\nmodel: {hidden: [650]}\n");
        Files.writeString(mine.resolve("notes.txt"), "keep me");
        var before = snapshot(mine);
        var e = assertThrows(LmkitException.class, () -> Trainer.train(config, corpus, quiet(mine, false, System.err)));
        assertEquals("--out is a directory that is not an lmkit run (it holds config.yaml, notes.txt): give a new or empty directory: " + mine,
                e.getMessage());
        assertEquals(before, snapshot(mine));
        assertThrows(LmkitException.class, () -> Trainer.train(config, corpus, quiet(mine, true, System.err)), "--resume neither");
        assertEquals(before, snapshot(mine));
    }

    @Test
    void linksInARunDirectoryAreNeverWrittenThrough() throws Exception {
        LmConfig config = config();
        Corpus corpus = Corpus.load(config.data());
        Path elsewhere = Files.writeString(dir.resolve("precious.txt"), "my thesis\n");
        for (String name : new String[]{"metrics.csv", "config.yaml", "curves.png", ".lock", "steps.csv"}) {
            Path run = Files.createDirectories(dir.resolve("run-" + name));
            Files.writeString(run.resolve(RunDirectory.MARK), "");
            Files.createSymbolicLink(run.resolve(name), elsewhere);
            var e = assertThrows(LmkitException.class, () -> Trainer.train(config, corpus, quiet(run, false, System.err)));
            assertEquals("refusing to write through a symbolic link (lmkit writes only files it makes; remove it): " + run.resolve(name), e.getMessage());
            assertEquals("my thesis\n", Files.readString(elsewhere));
            assertFalse(e.getMessage().contains("thesis"), "the target's content never reaches a message");
        }
    }

    @Test
    void aRefusedResumeChangesNothingAndAResumeWithNothingToResumeStartsTheRun() throws Exception {
        LmConfig config = config();
        Corpus corpus = Corpus.load(config.data());
        Path run = dir.resolve("run");
        Trainer.train(config, corpus, quiet(run, false, System.err));
        Files.writeString(run.resolve("steps.csv"), "step,epoch,train_loss\nnot,a,number\n");
        var before = snapshot(run);
        var e = assertThrows(LmkitException.class, () -> Trainer.train(config, corpus, quiet(run, true, System.err)));
        assertTrue(e.getMessage().startsWith("cannot continue " + run.resolve("steps.csv")), e.getMessage());
        assertEquals(before, snapshot(run), "config.yaml, metrics.csv and the rest are as they were");

        // killed before its first checkpoint, restarted by a scheduler with the same command line
        Path fresh = dir.resolve("fresh");
        var log = new ByteArrayOutputStream();
        Trainer.train(config, corpus, quiet(fresh, true, new PrintStream(log, true, StandardCharsets.UTF_8)));
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("nothing to resume in " + fresh + " (no checkpoint was written yet): starting the run"), log.toString());
        assertTrue(Files.exists(fresh.resolve("best.zip")));
    }
}
