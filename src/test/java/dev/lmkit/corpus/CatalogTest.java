package dev.lmkit.corpus;

import com.sun.net.httpserver.HttpServer;
import dev.lmkit.LmkitException;
import dev.lmkit.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class CatalogTest {
    @TempDir
    Path dir;

    private final Catalog catalog = Catalog.load(Catalog.DEFAULT);

    @Test
    void copiesFromALocalFolderAndVerifiesTheChecksum() throws Exception {
        List<Path> files = catalog.fetch("tinyshakespeare", dir.resolve("ts"), TestData.SHARED.resolve("corpora/tinyshakespeare").toString());
        assertEquals(List.of(dir.resolve("ts/input.txt")), files);
        assertEquals(1_115_394, Files.size(files.get(0)));
        Path file = TestData.SHARED.resolve("corpora/tinyshakespeare/input.txt"); // --from may name the file itself
        assertEquals(List.of(dir.resolve("ts2/input.txt")), catalog.fetch("tinyshakespeare", dir.resolve("ts2"), file.toString()));
        assertThrows(LmkitException.class, () -> catalog.entry("penn"));
    }

    @Test
    void downloadsOverHttpAndRejectsAFileWithTheWrongChecksum() throws Exception {
        byte[] real = Files.readAllBytes(TestData.SHARED.resolve("corpora/tinyshakespeare/input.txt"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Map<String, byte[]> served = Map.of("/good/input.txt", real, "/bad/input.txt", "not shakespeare".getBytes());
        server.createContext("/", exchange -> {
            byte[] body = served.get(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Path good = catalog.fetch("tinyshakespeare", dir.resolve("good"), base + "/good").get(0);
            assertArrayEquals(real, Files.readAllBytes(good));

            var e = assertThrows(LmkitException.class, () -> catalog.fetch("tinyshakespeare", dir.resolve("bad"), base + "/bad"));
            assertTrue(e.getMessage().startsWith("checksum mismatch for input.txt"), e.getMessage());
            assertFalse(Files.exists(dir.resolve("bad")), "nothing is kept from a bad download, not even the directory");
            var missing = assertThrows(LmkitException.class, () -> catalog.fetch("tinyshakespeare", dir.resolve("m"), base + "/none"));
            assertTrue(missing.getMessage().startsWith("download failed (HTTP 404)"), missing.getMessage());
        } finally {
            server.stop(0);
        }
    }
}
