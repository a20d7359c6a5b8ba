package dev.lmkit.corpus;

import dev.lmkit.LmkitException;
import org.datavec.api.split.FileSplit;

import java.io.*;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads the lines of a corpus: one file, a {@code .gz} file, or a directory of them (DataVec's
 * {@link FileSplit} lists it, recursively, in name order). Decoding is strict UTF-8: invalid bytes,
 * NUL bytes (binary files) and corpora without any text are errors that name the file and line.
 */
public final class CorpusReader {
    private CorpusReader() {
    }

    public static List<Path> files(Path path) {
        return files(path, "corpus");
    }

    /** {@code what} names the input in messages: "corpus", "suite", "input", … */
    public static List<Path> files(Path path, String what) {
        if (!Files.exists(path)) throw new LmkitException(what + " not found: " + path + fetchHint(path));
        if (!Files.isDirectory(path)) return List.of(path);
        List<Path> files = new ArrayList<>();
        for (URI uri : new FileSplit(path.toFile(), null, true).locations()) {
            Path file = Paths.get(uri);
            if (!file.getFileName().toString().startsWith(".")) files.add(file);
        }
        files.sort(null);
        if (files.isEmpty()) throw new LmkitException(what + " directory has no files: " + path);
        return files;
    }

    /** Calls {@code out} with every line of every file under {@code path}. */
    public static void forEachLine(Path path, Consumer<String> out) {
        forEachLine(path, "corpus", out);
    }

    public static void forEachLine(Path path, String what, Consumer<String> out) {
        boolean anyText = false;
        for (Path file : files(path, what)) {
            anyText |= readFile(file, what, out);
        }
        if (!anyText) throw new LmkitException(what + " is empty (no text): " + path);
    }

    public static List<String> lines(Path path) {
        return lines(path, "corpus");
    }

    public static List<String> lines(Path path, String what) {
        List<String> lines = new ArrayList<>();
        forEachLine(path, what, lines::add);
        return lines;
    }

    private static boolean readFile(Path file, String what, Consumer<String> out) {
        long lineNo = 0;
        boolean anyText = false;
        // Lines are split on bytes and decoded one by one, so an invalid byte is reported on its own line.
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = open(file)) {
            LineBuffer line = new LineBuffer();
            for (int b; (b = in.read()) >= 0 || line.size() > 0; ) {
                if (b >= 0 && b != '\n') {
                    line.write(b);
                    continue;
                }
                lineNo++;
                String text = line.decode(decoder);
                line.reset();
                if (text.indexOf('\0') >= 0) {
                    throw new LmkitException(what + " looks binary (NUL byte on line " + lineNo + "): " + file);
                }
                if (text.endsWith("\r")) text = text.substring(0, text.length() - 1);
                if (lineNo == 1 && text.startsWith("\uFEFF")) text = text.substring(1);
                anyText |= !text.isBlank();
                out.accept(text);
                if (b < 0) break;
            }
        } catch (CharacterCodingException e) {
            throw new LmkitException(what + " is not valid UTF-8 (line " + (lineNo) + "): " + file);
        } catch (EOFException | java.util.zip.ZipException e) {
            throw new LmkitException(what + " is a truncated or corrupt gzip file: " + file);
        } catch (IOException e) {
            throw new LmkitException("cannot read " + what + " " + file + ": " + e.getMessage());
        }
        return anyText;
    }

    private static final class LineBuffer extends ByteArrayOutputStream {
        String decode(java.nio.charset.CharsetDecoder decoder) throws CharacterCodingException {
            return decoder.decode(java.nio.ByteBuffer.wrap(buf, 0, count)).toString();
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (file.getFileName().toString().endsWith(".gz")) in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        return in;
    }

    /** For a missing {@code corpora/NAME/…} whose NAME the catalog knows: the command that fetches it. */
    private static String fetchHint(Path path) {
        Path p = path.normalize();
        if (p.getNameCount() < 2 || !p.getName(0).toString().equals("corpora")) return "";
        String name = p.getName(1).toString();
        try {
            return Catalog.load(dev.lmkit.Home.resolve(Catalog.DEFAULT)).entries().containsKey(name)
                    ? " (fetch it with ./lmkit corpus get " + name + ")" : "";
        } catch (RuntimeException e) {
            return "";
        }
    }
}
