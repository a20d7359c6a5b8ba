package dev.lmkit.agreement.mine;

import java.io.PrintStream;
import java.util.Locale;

/** One line of mining progress — share of the corpus read, sentences/s, items, ETA — every few seconds. */
final class MiningProgress {
    private static final long EVERY_NANOS = 5_000_000_000L;
    private final PrintStream log;
    private final long totalBytes;
    private final long start;
    private long last;

    MiningProgress(PrintStream log, long totalBytes, long start) {
        this.log = log;
        this.totalBytes = totalBytes;
        this.start = start;
        this.last = start;
    }

    void update(long bytes, long sentences, long items) {
        long now = System.nanoTime();
        if (now - last < EVERY_NANOS) return;
        last = now;
        double seconds = (now - start) / 1e9;
        double done = totalBytes > 0 ? Math.min(1, (double) bytes / totalBytes) : 0;
        String eta = done > 0.001 ? dev.lmkit.train.Progress.duration(seconds / done - seconds) : "--";
        log.printf(Locale.ROOT, "mining %3.0f%% | %d sentences, %.0f/s | %d items | ETA %s%n", done * 100, sentences,
                sentences / seconds, items, eta);
    }

    void done(long sentences, long items, double seconds) {
        log.printf(Locale.ROOT, "mined %d items from %d sentences in %.1f s (%.0f sentences/s)%n", items, sentences,
                seconds, sentences / seconds);
    }
}
