package dev.lmkit.spark;

import dev.lmkit.LmkitException;
import dev.lmkit.agreement.AgreementGrammar;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.eval.DistributedScoring;
import dev.lmkit.eval.ScoreRows;
import dev.lmkit.fused.Determinism;
import dev.lmkit.model.ModelBundle;
import dev.lmkit.train.Trainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** score --spark on local[2] writes, part by part, what score prints on one machine. */
class SparkScoringTest {
    @TempDir
    static Path dir;
    static Path model, input;

    @BeforeAll
    static void trainATinyModel() {
        LmConfig config = TinyGrammar.config(dir, 2000, "{embedding: 16, hidden: [24]}", 16, 1);
        Trainer.train(config, Corpus.load(config.data()), new Trainer.Options(dir.resolve("run"), false, true,
                new PrintStream(PrintStream.nullOutputStream())));
        model = dir.resolve("run");
        input = dir.resolve("input.txt");
        AgreementGrammar.standard().writeCorpus(input, 2 * ScoreRows.CHUNK + 300, 77); // three chunks, the last one short
        Determinism.set(true);
    }

    @AfterAll
    static void back() {
        Determinism.set(false);
    }

    @Test
    void thePartFilesInOrderAreWhatScorePrints() throws Exception {
        for (ScoreRows.Options o : List.of(new ScoreRows.Options(false, false, false, false, 64), new ScoreRows.Options(false, true, false, false, 64),
                new ScoreRows.Options(false, false, true, true, 64))) {
            Path out = dir.resolve("scored-" + o.totals() + o.words());
            long n = DistributedScoring.find().score(model, input.toString(), out.toString(), o, new dev.lmkit.Cluster("local[2]", 2));
            assertEquals(2 * ScoreRows.CHUNK + 300, n);
            assertEquals(oneMachine(model, input, o), fromParts(out), "options " + o);
            assertTrue(Files.readString(out.resolve("manifest.json")).contains("\"lines\":" + n), Files.readString(out.resolve("manifest.json")));
        }
    }

    @Test
    void refusesAnExistingOutAndABadLineWithoutWritingAnything() throws Exception {
        Path taken = Files.createDirectories(dir.resolve("taken"));
        ScoreRows.Options o = new ScoreRows.Options(true, false, false, false, 64);
        var request = new dev.lmkit.Cluster("local[2]", 2);
        assertEquals("--out " + taken + " exists (score --spark writes a new directory)",
                assertThrows(LmkitException.class, () -> DistributedScoring.find().score(model, input.toString(), taken.toString(), o, request)).getMessage());
        Path out = dir.resolve("never");
        var e = assertThrows(LmkitException.class, () -> DistributedScoring.find().score(model, input.toString(), out.toString(), o, request));
        assertEquals("--prefix: line 1 has no tab between prefix and continuation: " + input, e.getMessage());
        assertFalse(Files.exists(out));
        try (var siblings = Files.list(dir)) {
            assertTrue(siblings.noneMatch(p -> p.getFileName().toString().startsWith(".never")), "no temporary directory left");
        }
    }

    /** What {@code score} prints for {@code input}: the header, then each 1,024-line chunk's rows. */
    static String oneMachine(Path model, Path input, ScoreRows.Options o) throws java.io.IOException {
        ModelBundle bundle = ModelBundle.load(model);
        StringBuilder out = new StringBuilder();
        if (o.header() != null) out.append(o.header()).append('\n');
        List<String> lines = Files.readAllLines(input);
        for (int start = 0; start < lines.size(); start += ScoreRows.CHUNK) {
            ScoreRows.score(bundle, new ArrayList<>(lines.subList(start, Math.min(lines.size(), start + ScoreRows.CHUNK))), start, o,
                    row -> out.append(row).append('\n'));
        }
        return out.toString();
    }

    /** The part files of a {@code score --spark} output, concatenated in name order. */
    static String fromParts(Path out) throws Exception {
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(out)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList()) all.append(Files.readString(p));
        }
        return all.toString();
    }
}
