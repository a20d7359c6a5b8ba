package dev.lmkit.cli;

import dev.lmkit.Json;
import dev.lmkit.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The command line as a user meets it: exit codes, one-line errors, --json output. */
class CliTest {
    @TempDir
    static Path dir;
    static Path config;
    static Path run;

    record Run(int status, String out, String err) {
    }

    static Run lmkit(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int status = Main.run(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @BeforeAll
    static void trainATinyModel() throws Exception {
        Path train = TestData.tinyCorpus(dir, "train.txt", 300, 1);
        Path valid = TestData.tinyCorpus(dir, "valid.txt", 30, 2);
        config = Files.writeString(dir.resolve("tiny.yaml"), """
                data: {train: %s, valid: %s}
                model: {embedding: 8, hidden: [16]}
                train: {batch: 4, bptt: 8, epochs: 1}
                """.formatted(train, valid));
        run = dir.resolve("run");
        Run r = lmkit("train", "--config", config.toString(), "--out", run.toString(), "--json", "--quiet");
        assertEquals(0, r.status(), r.err());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String text) throws Exception {
        return Json.MAPPER.readValue(text.strip(), Map.class);
    }

    @Test
    void evalJsonReportsSummedNllTokensAndPerplexity() throws Exception {
        Run r = lmkit("eval", "--model", run.toString(), "--data", dir.resolve("valid.txt").toString(), "--json");
        assertEquals(0, r.status(), r.err());
        Map<String, Object> o = json(r.out());
        double sum = ((Number) o.get("sum_nll")).doubleValue();
        long tokens = ((Number) o.get("tokens")).longValue();
        assertEquals(30 * 7 - 1, tokens); // 30 lines of 6 words + <eos>, all but the first token predicted
        assertEquals(Math.exp(sum / tokens), ((Number) o.get("perplexity")).doubleValue(), 1e-9);
    }

    @Test
    void scorePrintsOneTsvRowPerTokenWithBitsOfSurprisal() throws Exception {
        Path sentences = Files.writeString(dir.resolve("s.txt"), "the cat sees a tree .\nthe dogs like zebras .\n");
        Run r = lmkit("score", "--model", run.toString(), "--input", sentences.toString());
        assertEquals(0, r.status(), r.err());
        var lines = r.out().lines().toList();
        assertEquals("sentence_id\ttoken_index\ttoken\tsurprisal", lines.get(0));
        assertEquals(1 + 7 + 6, lines.size());
        assertTrue(lines.get(1).startsWith("0\t0\tthe\t"));
        assertTrue(lines.get(13).startsWith("1\t5\t<eos>\t"));
        for (String line : lines.subList(1, lines.size())) assertTrue(Double.parseDouble(line.split("\t")[3]) >= 0);
    }

    @Test
    void tracePrintsOneRowPerTokenAndDrawsTheHeatmap() throws Exception {
        Path png = dir.resolve("trace.png");
        Run r = lmkit("trace", "--model", run.toString(), "--text", "the cat sees a tree", "--what", "forget", "--units", "0,3", "--png", png.toString());
        assertEquals(0, r.status(), r.err());
        var lines = r.out().lines().toList();
        assertEquals("token\tunit_0\tunit_3", lines.get(0));
        assertEquals(List.of("<eos>", "the", "cat", "sees", "a", "tree"), lines.subList(1, lines.size()).stream().map(l -> l.split("\t")[0]).toList());
        for (String line : lines.subList(1, lines.size())) {
            double f = Double.parseDouble(line.split("\t")[1]);
            assertTrue(f > 0 && f < 1, "a forget gate is in (0, 1): " + line);
        }
        assertTrue(Files.size(png) > 1000);
        assertOneLineError(lmkit("trace", "--model", run.toString(), "--text", "the cat", "--units", "99"), "lmkit: unit 99 is not in 0..15");
    }

    @Test
    void sampleAndConfigShowWork() throws Exception {
        Run s = lmkit("sample", "--model", run.toString(), "--length", "12", "--seed", "3", "--json");
        assertEquals(0, s.status(), s.err());
        assertEquals(s.out(), lmkit("sample", "--model", run.toString(), "--length", "12", "--seed", "3", "--json").out());
        Run c = lmkit("config", "show", config.toString());
        assertEquals(0, c.status(), c.err());
        assertTrue(c.out().contains("EmbeddingSequenceLayer") && c.out().contains("LossSparseMCXENT"), c.out());
    }

    @Test
    void badInputGivesOneLineNamingTheProblemAndExitStatus2() throws Exception {
        assertOneLineError(lmkit("eval", "--model", dir.resolve("missing").toString(), "--data", config.toString()),
                "lmkit: model not found: " + dir.resolve("missing"));
        Path cut = dir.resolve("cut.zip");
        byte[] bytes = Files.readAllBytes(run.resolve("best.zip"));
        Files.write(cut, java.util.Arrays.copyOf(bytes, 1000));
        assertOneLineError(lmkit("sample", "--model", cut.toString()), "lmkit: model file is truncated or not an lmkit model: " + cut);

        Path badKey = Files.writeString(dir.resolve("bad.yaml"), "model: {layers: 2}\n");
        Run r = lmkit("train", "--config", badKey.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("lmkit: unknown config key 'model.layers' in " + badKey), r.err());

        Path noCorpus = Files.writeString(dir.resolve("nocorpus.yaml"), "data: {train: " + dir.resolve("nope.txt") + "}\n");
        assertOneLineError(lmkit("train", "--config", noCorpus.toString(), "--out", dir.resolve("r2").toString()),
                "lmkit: corpus not found: " + dir.resolve("nope.txt"));

        Path binary = Files.write(dir.resolve("bin.txt"), new byte[]{0, 1, 2});
        assertOneLineError(lmkit("eval", "--model", run.toString(), "--data", binary.toString()),
                "lmkit: corpus looks binary (NUL byte on line 1): " + binary);
    }

    @Test
    void debugShowsTheStackTrace() {
        Run r = lmkit("--debug", "eval", "--model", dir.resolve("missing").toString(), "--data", config.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("at dev.lmkit."), r.err());
    }

    private static void assertOneLineError(Run r, String expected) {
        assertEquals(2, r.status(), r.err());
        assertEquals(expected, r.err().strip());
        assertEquals("", r.out());
    }
}
