package dev.lmkit.agreement.mine;

import dev.lmkit.Checksums;
import dev.lmkit.LmkitException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.*;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * CoreNLP's English models (the tagger and the dependency parser), which only {@code agreement mine} needs:
 * from the classpath when a project put the models jar there (lmkit's tests do), else from Maven's local
 * repository, else downloaded once from Maven Central into it (474 MB, SHA-1 checked) — then the two model
 * files are copied out of the jar into {@code ~/.cache/lmkit} and CoreNLP reads them from there.
 */
final class CoreNlpModels {
    static final String VERSION = "4.5.7";
    static final String TAGGER = "edu/stanford/nlp/models/pos-tagger/english-left3words-distsim.tagger";
    static final String PARSER = "edu/stanford/nlp/models/parser/nndep/english_UD.gz";
    private static final String JAR = "stanford-corenlp-" + VERSION + "-models.jar";
    private static final String CENTRAL = "https://repo1.maven.org/maven2/edu/stanford/nlp/stanford-corenlp/" + VERSION + "/";

    private CoreNlpModels() {
    }

    /** Pipeline properties naming the model files ({@code pos.model}, {@code depparse.model}); none when on the classpath. */
    static Properties locate(PrintStream log) {
        Properties p = new Properties();
        if (CoreNlpModels.class.getClassLoader().getResource(PARSER) != null) return p;
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "lmkit", "corenlp-models-" + VERSION);
        Path tagger = cache.resolve(TAGGER);
        Path parser = cache.resolve(PARSER);
        if (!Files.exists(tagger) || !Files.exists(parser)) {
            Path jar = Path.of(System.getProperty("user.home"), ".m2", "repository", "edu", "stanford", "nlp",
                    "stanford-corenlp", VERSION, JAR);
            if (!Files.exists(jar)) download(jar, log);
            extract(jar, TAGGER, tagger);
            extract(jar, PARSER, parser);
        }
        p.setProperty("pos.model", tagger.toString());
        p.setProperty("depparse.model", parser.toString());
        return p;
    }

    private static void download(Path jar, PrintStream log) {
        log.println("agreement mine: downloading CoreNLP's English models (" + JAR + ", 474 MB) from Maven Central into "
                + jar.getParent() + " — once; only mining needs them");
        try {
            Files.createDirectories(jar.getParent());
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
            String expected = http.send(HttpRequest.newBuilder(URI.create(CENTRAL + JAR + ".sha1")).build(),
                    HttpResponse.BodyHandlers.ofString()).body().trim().split("\\s+")[0];
            Path part = jar.resolveSibling(JAR + ".lmkit-part");
            HttpResponse<Path> r = http.send(HttpRequest.newBuilder(URI.create(CENTRAL + JAR)).build(),
                    HttpResponse.BodyHandlers.ofFile(part));
            if (r.statusCode() != 200) throw new IOException("HTTP " + r.statusCode());
            String actual = Checksums.hex(part, "SHA-1");
            if (!actual.equalsIgnoreCase(expected)) {
                Files.deleteIfExists(part);
                throw new IOException("SHA-1 " + actual + " instead of " + expected);
            }
            Files.move(part, jar, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LmkitException("cannot download " + CENTRAL + JAR + " (" + e.getMessage() + "); put it into " + jar
                    + " by hand or with mvn dependency:get -Dartifact=edu.stanford.nlp:stanford-corenlp:" + VERSION + ":jar:models", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LmkitException("download of " + JAR + " interrupted", e);
        }
    }

    private static void extract(Path jar, String entry, Path target) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry e = zip.getEntry(entry);
            if (e == null) throw new LmkitException(entry + " is missing from " + jar);
            Files.createDirectories(target.getParent());
            Path part = target.resolveSibling(target.getFileName() + ".part");
            try (InputStream in = zip.getInputStream(e)) {
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LmkitException("cannot read CoreNLP's models from " + jar + " (" + e.getMessage() + "); delete it to download it again", e);
        }
    }
}
