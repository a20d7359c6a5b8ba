package dev.lmkit.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** What the launcher (src/dist/bin/lmkit, through ./lmkit) sets up for the JVM before lmkit's own code runs. */
class LauncherTest {
    /** The JVM's system properties as the launcher sets them for {@code args} (-XshowSettings prints them first). */
    private static String properties(String... args) throws Exception {
        var command = new ArrayList<>(List.of("./lmkit"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("LMKIT_NO_BUILD", "1");
        pb.environment().put("LMKIT_JAVA_OPTS", "-XshowSettings:properties");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void javaDeserializationIsRejectedJvmWideAndAllowedOnlyForCoreNlpsOwnModels() throws Exception {
        assertTrue(properties("score", "--help").contains("jdk.serialFilter = !*"), "every model-reading command");
        assertTrue(properties("agreement", "mine", "--help").contains("jdk.serialFilter = edu.stanford.nlp.**;java.**;!*"),
                "CoreNLP's tagger and parser are Java-serialized");
    }
}
