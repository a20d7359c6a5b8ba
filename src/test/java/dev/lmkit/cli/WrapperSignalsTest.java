package dev.lmkit.cli;

import dev.lmkit.TestData;
import dev.lmkit.model.ModelBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code ./lmkit train} as a script or a Python {@code subprocess} runs it: a signal sent to the
 * wrapper's PID reaches the JVM, which saves its work and exits with 143 (SIGTERM) or 130 (SIGINT).
 */
class WrapperSignalsTest {
    @TempDir
    Path dir;

    private Process train(Path config, Path run, boolean resume) throws Exception {
        var command = new java.util.ArrayList<>(List.of("./lmkit", "train", "--config", config.toString(), "--out", run.toString(), "--quiet"));
        if (resume) command.add("--resume");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve(resume ? "err-resume.txt" : "err.txt").toFile());
        pb.environment().put("LMKIT_NO_BUILD", "1"); // Maven has just built target/
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(run.resolve(".lock")) && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(100);
        assertTrue(p.isAlive(), "training should still run: " + Files.readString(dir.resolve(resume ? "err-resume.txt" : "err.txt")));
        Thread.sleep(1500); // a few steps
        return p;
    }

    @Test
    void killingTheWrapperStopsTheJvmGracefullyWithItsCheckpoint() throws Exception {
        Path train = TestData.tinyCorpus(dir, "train.txt", 300, 1);
        Path config = Files.writeString(dir.resolve("long.yaml"), """
                data: {train: %s, valid_fraction: 0.1}
                model: {embedding: 8, hidden: [8]}
                train: {batch: 4, bptt: 8, epochs: 5000}
                """.formatted(train));
        Path run = dir.resolve("run");

        Process p = train(config, run, false);
        p.destroy(); // SIGTERM to the wrapper's PID, as subprocess.terminate() sends
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the JVM must end when the wrapper is killed");
        assertEquals(143, p.exitValue(), Files.readString(dir.resolve("err.txt")));
        assertFalse(ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(Files.readString(dir.resolve("err.txt")).contains("lmkit: stopping after this step and saving last.zip"));
        long step = ModelBundle.load(run.resolve("last.zip")).state().step();
        assertTrue(step > 0);
        assertFalse(Files.exists(run.resolve(".lock")));

        Process resumed = train(config, run, true);
        new ProcessBuilder("kill", "-INT", String.valueOf(resumed.pid())).start().waitFor(); // Ctrl-C
        boolean ended = resumed.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            String threads = new String(new ProcessBuilder("jstack", String.valueOf(resumed.pid())).redirectErrorStream(true).start()
                    .getInputStream().readAllBytes());
            resumed.destroyForcibly();
            fail("the resumed run did not stop within 120 s of Ctrl-C; its log:\n" + Files.readString(dir.resolve("err-resume.txt"))
                    + "\nits threads:\n" + threads);
        }
        assertEquals(130, resumed.exitValue(), Files.readString(dir.resolve("err-resume.txt")));
        assertTrue(ModelBundle.load(run.resolve("last.zip")).state().step() > step, "the resumed run went on and saved again");
    }

    @Test
    void sampleStopsGeneratingWhenItsOutputIsClosed() throws Exception {
        Path train = TestData.tinyCorpus(dir, "train.txt", 200, 1);
        Path config = Files.writeString(dir.resolve("tiny.yaml"), """
                data: {train: %s, valid_fraction: 0.1}
                model: {embedding: 8, hidden: [8]}
                train: {batch: 4, bptt: 8, epochs: 1}
                """.formatted(train));
        assertEquals(0, CliTest.lmkit("train", "--config", config.toString(), "--out", dir.resolve("s").toString(), "--quiet").status());
        // ten million tokens would take hours; head closes the pipe after 30 bytes
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "./lmkit sample --model " + dir.resolve("s") + " --length 10000000 | head -c 30");
        pb.environment().put("LMKIT_NO_BUILD", "1");
        Process p = pb.redirectErrorStream(true).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "sample must stop once nobody reads its output");
        assertEquals(30, p.getInputStream().readAllBytes().length);
    }

    @Test
    void killDashNineAtAnyMomentThenResumeEndsBitIdenticalToAnUninterruptedRun() throws Exception {
        Path train = TestData.tinyCorpus(dir, "train.txt", 300, 1);
        Path config = Files.writeString(dir.resolve("kill.yaml"), """
                data: {train: %s, valid_fraction: 0.1}
                model: {embedding: 8, hidden: [16], dropout: 0.2}
                train: {optimizer: adam, lr: 0.01, batch: 4, bptt: 8, epochs: 30, eval_every: 25}
                """.formatted(train));
        assertEquals(0, CliTest.lmkit("train", "--config", config.toString(), "--out", dir.resolve("straight").toString(), "--quiet").status());
        Path run = dir.resolve("killed");
        boolean resume = false;
        for (int kill = 0; kill < 3; kill++) {
            Process p = train(config, run, resume);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(run.resolve("best.zip")) && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
            Thread.sleep(150L * kill); // a different moment each time, checkpoint writes included
            p.destroyForcibly(); // SIGKILL: nothing runs after it
            p.waitFor(60, TimeUnit.SECONDS);
            resume = true;
        }
        CliTest.Run finish = CliTest.lmkit("train", "--config", config.toString(), "--out", run.toString(), "--quiet", "--resume");
        assertEquals(0, finish.status(), finish.err());
        var a = ModelBundle.load(dir.resolve("straight/last.zip"));
        var b = ModelBundle.load(run.resolve("last.zip"));
        assertEquals(a.state().step(), b.state().step());
        assertEquals(a.net().params(), b.net().params());
        assertEquals(a.net().getUpdater().getStateViewArray(), b.net().getUpdater().getStateViewArray());
    }
}
