package dev.lmkit.cli;

import dev.lmkit.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * End to end: {@code lmkit train --ui --ui-stay} in its own JVM, then the dashboard's overview page
 * in headless Chromium (Debian's {@code chromium}, installed by {@code .ci/run}), after its scripts ran.
 */
class TrainDashboardTest {
    @TempDir
    Path dir;

    @Test
    void theOverviewPageDrawsTheScoreChartOfATrainingRun() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("tiny.yaml");
        Files.writeString(config, dev.lmkit.config.ConfigLoader.toYaml(TestData.tinyConfig(dir, "train.epochs=3")));
        String classpath = System.getProperty("java.class.path");
        Path log = dir.resolve("train.log");
        Process train = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                "-Djava.awt.headless=true", "dev.lmkit.cli.Main", "train", "--config", config.toString(),
                "--out", dir.resolve("run").toString(), "--quiet", "--ui", "--ui-stay", "--ui-port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (!Files.readString(log).contains("dashboard stays up")) {
                assertTrue(train.isAlive(), "training stopped:\n" + Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "no dashboard after 180 s:\n" + Files.readString(log));
                Thread.sleep(500);
            }
            assertTrue(Files.readString(log).contains("training dashboard: http://localhost:" + port + "/train/overview"));
            assertEquals(List.of("127.0.0.1"), listening(port), "the dashboard has no login: loopback only");
            String dom = renderedPage("http://localhost:" + port + "/train/overview");
            int chart = dom.indexOf("id=\"scoreiterchart\"");
            assertTrue(chart >= 0, "no score chart on the page:\n" + dom);
            String chartHtml = dom.substring(chart, Math.min(dom.length(), chart + 8000));
            assertTrue(chartHtml.contains("<canvas class=\"flot-base\""), "the score chart was not drawn:\n" + chartHtml);
            Matcher updates = Pattern.compile("Total Parameter Updates</td>\\s*<td[^>]*>(\\d+)</td>").matcher(dom);
            assertTrue(updates.find(), "no update count on the page");
            assertTrue(Integer.parseInt(updates.group(1)) > 0, "the dashboard saw no training steps");
        } finally {
            train.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** The addresses a TCP socket listens on at {@code port}, from /proc/net/tcp and tcp6 (0.0.0.0 or :: is every interface). */
    static List<String> listening(int port) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table)).subList(1, Files.readAllLines(Path.of(table)).size())) {
                String[] f = line.trim().split("\\s+");
                String[] local = f[1].split(":");
                if (!"0A".equals(f[3]) || Integer.parseInt(local[1], 16) != port) continue; // 0A: LISTEN
                out.add(address(local[0]));
            }
        }
        return out;
    }

    /** /proc's hex address (each 32-bit word little-endian) as text. */
    private static String address(String hex) throws Exception {
        byte[] b = new byte[hex.length() / 2];
        for (int w = 0; w < b.length / 4; w++) {
            for (int i = 0; i < 4; i++) b[w * 4 + i] = (byte) Integer.parseInt(hex.substring(w * 8 + (3 - i) * 2, w * 8 + (3 - i) * 2 + 2), 16);
        }
        return java.net.InetAddress.getByAddress(b).getHostAddress();
    }

    /** The page's DOM after its scripts ran, from headless Chromium with the flags that work on this machine. */
    private String renderedPage(String url) throws Exception {
        Path out = dir.resolve("dom.html");
        Process chromium = new ProcessBuilder(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
                "--disable-quic", "--user-data-dir=" + dir.resolve("chromium-profile"), "--virtual-time-budget=15000",
                "--dump-dom", url)).redirectOutput(out.toFile()).redirectError(new File("/dev/null")).start();
        assertTrue(chromium.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, chromium.exitValue(), "chromium failed");
        return Files.readString(out);
    }
}
