package dev.lmkit;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The shell examples of README.md and the docs, run as a reader would paste them, so a renamed option or command
 * fails here instead of misleading a user. Every {@code ```bash} block is marked: {@code ```bash runnable} blocks of a
 * page run in order in one scratch directory (its own {@code ./lmkit}, the checkout's {@code configs/}), shortened
 * where they would take minutes — a training stops after 15 s, the quickstart trains on 1,500 sentences — and
 * catalog corpora come from {@code ../shared/data}; {@code ```bash skip=REASON} blocks are not run, and the reason is
 * printed.
 */
class ExamplesTest {
    private static final Path SHARED = TestData.SHARED.toAbsolutePath().normalize();
    private static final Pattern BLOCK = Pattern.compile("(?ms)^```bash([^\\n]*)\\n(.*?)^```");
    private static final List<String> PAGES = List.of("README.md", "docs/guide.md", "docs/library.md", "spark/README.md");

    @TestFactory
    List<DynamicTest> everyShellExampleRunsOrSaysWhyNot() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String page : PAGES) {
            String text = Files.readString(Path.of(page));
            List<String> runnable = new ArrayList<>();
            Matcher m = BLOCK.matcher(text);
            while (m.find()) {
                String marker = m.group(1).strip();
                assertTrue(marker.equals("runnable") || marker.startsWith("skip="),
                        page + ": a ```bash block must say runnable or skip=REASON, not '" + marker + "':\n" + m.group(2));
                if (marker.equals("runnable")) runnable.add(m.group(2));
                else System.out.println(page + ": not run (" + marker.substring(5) + "): " + m.group(2).lines().findFirst().orElse(""));
            }
            if (!runnable.isEmpty()) tests.add(DynamicTest.dynamicTest(page, () -> run(page, runnable)));
        }
        assertTrue(tests.size() >= 2, "README.md and the guide have runnable examples");
        return tests;
    }

    /** The page's runnable blocks in order, in one scratch directory, each as {@code bash -euo pipefail}. */
    private static void run(String page, List<String> blocks) throws Exception {
        Path dir = Files.createTempDirectory("lmkit-examples");
        Path checkout = Path.of("").toAbsolutePath();
        Path lmkit = Files.writeString(dir.resolve("lmkit"), "#!/usr/bin/env bash\nexec " + checkout.resolve("lmkit") + " \"$@\"\n");
        lmkit.toFile().setExecutable(true);
        Files.createSymbolicLink(dir.resolve("configs"), checkout.resolve("configs"));
        Files.createDirectories(dir.resolve("corpora"));
        for (String block : blocks) {
            String script = shorten(block);
            ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
            pb.environment().put("LMKIT_NO_BUILD", "1");
            Process p = pb.start();
            assertTrue(p.waitFor(10, TimeUnit.MINUTES), page + ": timed out:\n" + script);
            String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), page + ": this example failed:\n" + script + "\n--- its output ---\n" + out);
        }
    }

    /** The block as the test runs it: the same commands, with shorter work and the shared corpora. */
    static String shorten(String block) {
        StringBuilder out = new StringBuilder();
        for (String line : block.lines().toList()) {
            String code = line.replaceFirst("\\s+#.*$", ""); // a trailing comment
            if (code.matches("\\./lmkit corpus get \\S+") && !code.contains("--from")) {
                code += " --from " + SHARED.resolve("corpora").resolve(code.substring("./lmkit corpus get ".length()));
            }
            if (code.startsWith("./lmkit train ")) code += " --set train.time_budget=15s --quiet";
            if (code.startsWith("./lmkit quickstart")) code += " --sentences 1500 --per-condition 50";
            code = code.replace("path/to/blimp/", SHARED.resolve("benchmarks/blimp") + "/").replace("../shared/data", SHARED.toString());
            out.append(code).append('\n');
        }
        return out.toString();
    }
}
