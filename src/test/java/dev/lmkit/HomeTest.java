package dev.lmkit;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class HomeTest {
    @Test
    void aFileInTheWorkingDirectoryWins() {
        Path grammar = Path.of("corpora", "agreement-grammar.yaml");
        assertEquals(grammar, Home.resolve(grammar));
    }

    @Test
    void theJarCarriesTheDefaultsAnApiUserNeeds() throws Exception {
        for (String file : new String[]{"configs/quickstart.yaml", "corpora/agreement-grammar.yaml",
                "corpora/catalog.yaml", "bench/workloads.json"}) {
            Path bundled = Home.fromJar(Path.of(file));
            assertNotNull(bundled, file);
            assertNotEquals(Path.of(file).toAbsolutePath(), bundled.toAbsolutePath());
            assertEquals(Files.readString(Path.of(file)), Files.readString(bundled), file);
        }
        assertNull(Home.fromJar(Path.of("configs/no-such.yaml")));
        assertEquals(Path.of("configs/no-such.yaml"), Home.resolve(Path.of("configs/no-such.yaml")));
    }
}
