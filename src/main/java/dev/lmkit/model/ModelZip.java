package dev.lmkit.model;

import dev.lmkit.LmkitException;
import dev.lmkit.Messages;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A model file opened for reading, as untrusted input: only the entries lmkit writes may be present, and
 * every entry is read through a cap, so a file cannot name a class to load, make lmkit allocate more than
 * its configuration implies, or inflate into gigabytes. Nothing here deserializes Java objects.
 */
final class ModelZip implements AutoCloseable {
    /** Every entry lmkit writes into a model or checkpoint; any other name is refused. */
    static final Set<String> KNOWN = Set.of("configuration.json", "coefficients.bin", "updaterState.bin",
            "lmkit/vocab.json", "lmkit/config.yaml", "lmkit/state.json", "lmkit/carried-state.bin",
            "lmkit/weight-average.bin", "lmkit/block-momentum.bin", "lmkit/train-clock.txt", "lmkit/subwords.txt", "number-objective.bin");
    /** A weight file inflating past this many times its stored size is not lmkit's (its weights barely compress). */
    static final long MAX_RATIO = 100;

    private final Path file;
    private final ZipFile zip;

    private ModelZip(Path file, ZipFile zip) {
        this.file = file;
        this.zip = zip;
    }

    static ModelZip open(Path file) {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new LmkitException("model file is truncated or not an lmkit model: " + file);
        } catch (IOException e) {
            throw new LmkitException("cannot read model " + file + ": " + e.getMessage());
        }
        ModelZip model = new ModelZip(file, zip);
        try {
            for (var entries = zip.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (!KNOWN.contains(name)) {
                    throw new LmkitException("not an lmkit model: unexpected entry '" + Messages.quote(name)
                            + "' (lmkit reads only the entries it writes): " + file);
                }
            }
        } catch (RuntimeException e) {
            model.close();
            if (e instanceof LmkitException) throw e;
            throw new LmkitException("model file is damaged or not an lmkit model (" + Messages.quote(e.getMessage()) + "): " + file);
        }
        return model;
    }

    Path file() {
        return file;
    }

    boolean has(String name) {
        return zip.getEntry(name) != null;
    }

    /** The entry's bytes, refused when it inflates past {@code max}. */
    byte[] bytes(String name, long max) throws IOException {
        try (InputStream in = stream(name, max)) {
            return in.readAllBytes();
        }
    }

    String text(String name, long max) throws IOException {
        return new String(bytes(name, max), StandardCharsets.UTF_8);
    }

    /** The entry inflated, at most {@code max} bytes of it: reading past that fails with one line. */
    InputStream stream(String name, long max) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) throw new LmkitException("not an lmkit model (no " + name + "): " + file);
        return new Capped(zip.getInputStream(e), max, name, file);
    }

    /**
     * The entry as a stream of at most {@code max} bytes, whose stored size must be at least 1/{@link #MAX_RATIO}
     * of {@code max}: a few megabytes of file cannot claim gigabytes of weights.
     */
    InputStream weights(String name, long max) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) throw new LmkitException("not an lmkit model (no " + name + "): " + file);
        long stored = e.getCompressedSize();
        if (stored >= 0 && stored < max / MAX_RATIO || stored > Files.size(file)) {
            throw new LmkitException("not an lmkit model: " + name + " is " + stored + " bytes in the file but should hold "
                    + max + " (a zip bomb or a damaged file): " + file);
        }
        return stream(name, max);
    }

    @Override
    public void close() {
        try {
            zip.close();
        } catch (IOException e) {
            // read-only: nothing to lose
        }
    }

    /** Fails once more than {@code max} bytes are read. */
    private static final class Capped extends FilterInputStream {
        private final long max;
        private final String name;
        private final Path file;
        private long read;

        Capped(InputStream in, long max, String name, Path file) {
            super(in);
            this.max = max;
            this.name = name;
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count(1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, (int) Math.min(len, max - read + 1));
            if (n > 0) count(n);
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > max) {
                throw new LmkitException("not an lmkit model: " + name + " holds more than the " + max
                        + " bytes its configuration allows (a zip bomb or a damaged file): " + file);
            }
        }
    }
}
