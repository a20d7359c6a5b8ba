package dev.lmkit.corpus;

import dev.lmkit.LmkitException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.*;
import java.util.*;

/**
 * {@code corpora/catalog.yaml}: the standard corpora with their public URLs, sha256 sums and
 * licences. {@link #fetch} downloads (or copies from a local folder or mirror) and verifies each
 * file before it takes its final name, so a bad or partial download never looks like a corpus.
 */
public record Catalog(Map<String, Entry> entries) {
    public static final Path DEFAULT = Path.of("corpora", "catalog.yaml");

    public record Entry(String name, String description, String licence, List<FileRef> files) {
    }

    public record FileRef(String name, String url, String sha256) {
    }

    @SuppressWarnings("unchecked")
    public static Catalog load(Path file) {
        Map<String, Object> tree;
        try {
            tree = new org.yaml.snakeyaml.Yaml().load(Files.readString(file));
        } catch (IOException e) {
            throw new LmkitException("cannot read catalog " + file + ": " + e.getMessage());
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        tree.forEach((name, value) -> {
            var e = (Map<String, Object>) value;
            List<FileRef> files = new ArrayList<>();
            for (var f : (List<Map<String, String>>) e.get("files")) files.add(new FileRef(f.get("name"), f.get("url"), f.get("sha256")));
            entries.put(name, new Entry(name, (String) e.get("description"), (String) e.get("licence"), files));
        });
        return new Catalog(entries);
    }

    public Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) throw new LmkitException("unknown corpus '" + name + "' (catalog has: " + String.join(", ", entries.keySet()) + ")");
        return e;
    }

    /**
     * Puts the files of corpus {@code name} in {@code dir}. {@code from} is null (the catalog URLs),
     * a local directory holding the files, or a base URL they are found under.
     */
    public List<Path> fetch(String name, Path dir, String from) {
        Entry entry = entry(name);
        List<Path> out = new ArrayList<>();
        boolean created = !Files.exists(dir);
        try {
            Files.createDirectories(dir);
            for (FileRef f : entry.files()) {
                Path target = dir.resolve(f.name());
                if (Files.exists(target) && sha256(target).equals(f.sha256())) {
                    out.add(target);
                    continue;
                }
                Path tmp = Files.createTempFile(dir, "." + f.name(), ".part");
                try {
                    try (InputStream in = open(f, from)) {
                        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    }
                    String actual = sha256(tmp);
                    if (!actual.equals(f.sha256())) {
                        throw new LmkitException("checksum mismatch for " + f.name() + " (expected " + f.sha256()
                                + ", got " + actual + "); nothing was kept: " + source(f, from));
                    }
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
                out.add(target);
            }
        } catch (IOException | RuntimeException e) {
            if (created) removeIfEmpty(dir); // a refused fetch leaves nothing behind
            if (e instanceof LmkitException le) throw le;
            throw new LmkitException("cannot fetch corpus " + name + ": " + e.getMessage());
        }
        return out;
    }

    private static void removeIfEmpty(Path dir) {
        try (var files = Files.list(dir)) {
            if (files.findAny().isEmpty()) Files.delete(dir);
        } catch (IOException ignored) {
            // leave it: the error being reported matters more
        }
    }

    private static String source(FileRef f, String from) {
        if (from == null) return f.url();
        if (from.matches("^[a-z]+://.*")) return from.replaceAll("/+$", "") + "/" + f.name();
        if (Files.isRegularFile(Path.of(from)) && Path.of(from).getFileName().toString().equals(f.name())) return from; // the file itself
        return Path.of(from).resolve(f.name()).toString();
    }

    private static InputStream open(FileRef f, String from) throws IOException {
        String source = source(f, from);
        if (!source.matches("^(https?)://.*")) {
            Path p = source.startsWith("file:") ? Path.of(URI.create(source)) : Path.of(source);
            if (!Files.isRegularFile(p)) throw new LmkitException("corpus file not found: " + p);
            return Files.newInputStream(p);
        }
        try {
            HttpResponse<InputStream> response = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                    .send(HttpRequest.newBuilder(URI.create(source)).build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new LmkitException("download failed (HTTP " + response.statusCode() + "): " + source);
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            throw new LmkitException("download failed (" + e.getMessage() + "): " + source);
        }
    }

    public static String sha256(Path file) throws IOException {
        return dev.lmkit.Checksums.hex(file, "SHA-256");
    }
}
