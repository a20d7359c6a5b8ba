package dev.lmkit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Executes every notebook headless, as a user would run it top to bottom: the kernel installed by
 * {@code notebooks/install-kernel}, then {@code jupyter nbconvert --execute} (Debian's
 * jupyter-nbconvert and python3-ipykernel, installed by {@code .ci/run}). A failing cell fails the run.
 */
class NotebooksTest {
    private static final Path KERNELS = Path.of("target", "jupyter");
    private static final Path EXECUTED = Path.of("target", "executed-notebooks");

    @BeforeAll
    static void installTheKernel() throws Exception {
        Result r = run(List.of("notebooks/install-kernel", KERNELS.resolve("kernels").toString()), Map.of(), 300);
        assertEquals(0, r.status(), r.log());
    }

    @ParameterizedTest
    @CsvSource({
            "01-train-and-sample, validation perplexity, temperature 1.5",
            "02-agreement, simple_agreement, attractors=1",
            "03-inside-the-lstm, separation, surprisal of the verb",
            "04-why, held-out items, largest units together"})
    void runsTopToBottomWithRealOutputs(String name, String text1, String text2) throws Exception {
        // rapaio-jupyter-kernel 3.0.1 can lose chunks of a cell's printed output on a loaded machine (seen once: a
        // table's rows cut mid-line); a notebook whose output lacks an expected text runs once more, and must then pass.
        String text = execute(name);
        if (!text.contains(text1) || !text.contains(text2)) {
            System.err.println(name + ": expected output missing, running it once more:\n" + text);
            text = execute(name);
        }
        assertTrue(text.contains(text1), name + " lacks '" + text1 + "':\n" + text);
        assertTrue(text.contains(text2), name + " lacks '" + text2 + "':\n" + text);
        assertFalse(text.contains("Exception"), name + ":\n" + text);
    }

    /** Runs the notebook headless; returns its cells' printed text, after asserting no cell failed and a picture is shown. */
    @SuppressWarnings("unchecked")
    private static String execute(String name) throws Exception {
        Path notebook = Path.of("notebooks", name + ".ipynb");
        Result r = null;
        // rapaio-jupyter-kernel 3.0.1 sometimes drops the first request while it starts ("handlers is null",
        // then "Kernel didn't respond"); that start is retried, any failure inside the notebook is not. On one busy CPU the kernel
        // (a JVM loading 223 jars) took over a minute to answer: it gets three.
        for (int attempt = 0; attempt < 3 && (r == null || r.log().contains("Kernel didn't respond")); attempt++) {
            r = run(List.of("jupyter", "nbconvert", "--to", "notebook", "--execute", "--output-dir", EXECUTED.toString(),
                    "--ExecutePreprocessor.timeout=600", "--ExecutePreprocessor.startup_timeout=180", notebook.toString()),
                    Map.of("JUPYTER_PATH", KERNELS.toAbsolutePath().toString()), 900);
        }
        assertEquals(0, r.status(), r.log());
        Map<String, Object> executed = Json.MAPPER.readValue(EXECUTED.resolve(name + ".ipynb").toFile(), Map.class);
        StringBuilder text = new StringBuilder();
        int images = 0;
        for (Object cell : (List<?>) executed.get("cells")) {
            Object outputs = ((Map<?, ?>) cell).get("outputs");
            for (Object o : outputs == null ? List.of() : (List<?>) outputs) {
                Map<?, ?> out = (Map<?, ?>) o;
                assertNotEquals("error", out.get("output_type"), name + ": " + out);
                Object t = out.get("text");
                if (t != null) text.append(t instanceof List<?> l ? String.join("", (List<String>) l) : t);
                Map<?, ?> data = (Map<?, ?>) out.get("data");
                if (data != null && data.containsKey("image/png")) images++;
            }
        }
        assertTrue(images >= 1, name + " shows no picture");
        return text.toString();
    }

    private record Result(int status, String log) {
    }

    private static Result run(List<String> command, Map<String, String> env, int seconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("notebook", ".log");
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        b.environment().putAll(env);
        Process p = b.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " did not finish in " + seconds + " s:\n" + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
