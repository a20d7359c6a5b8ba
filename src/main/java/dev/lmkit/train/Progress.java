package dev.lmkit.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The training progress line on stderr: a bar with loss, tokens/s and ETA, redrawn in place on a
 * terminal and printed every tenth of an epoch otherwise (logs, CI).
 */
final class Progress {
    private final PrintStream err;
    private final boolean terminal;
    private final boolean quiet;
    private long lastDraw;
    private int lastTenth = -1;
    private long epochStart = System.nanoTime();

    Progress(PrintStream err, boolean quiet) {
        this.err = err;
        this.terminal = System.console() != null;
        this.quiet = quiet;
    }

    void step(int epoch, int epochs, int window, int windows, double loss, double tokensPerSecond) {
        if (quiet) return;
        long now = System.nanoTime();
        int tenth = (window + 1) * 10 / windows;
        boolean draw = terminal ? now - lastDraw > 250_000_000L || window + 1 == windows : tenth != lastTenth;
        if (!draw) return;
        lastDraw = now;
        lastTenth = tenth;
        double done = (window + 1.0) / windows;
        int filled = (int) Math.round(done * 24);
        String line = String.format(Locale.ROOT, "epoch %d/%d [%s%s] %3.0f%% loss %.3f ppl %.1f | %.0f tok/s | ETA %s",
                epoch, epochs, "#".repeat(filled), ".".repeat(24 - filled), done * 100, loss, Math.exp(loss),
                tokensPerSecond, duration(etaSeconds(window, windows, now)));
        if (terminal) err.print("\r" + line + (window + 1 == windows ? "\n" : ""));
        else err.println(line);
    }

    void startEpoch() {
        epochStart = System.nanoTime();
        lastTenth = -1;
    }

    private double etaSeconds(int window, int windows, long now) {
        double elapsed = (now - epochStart) / 1e9;
        return elapsed / (window + 1) * (windows - window - 1);
    }

    void message(String text) {
        if (!quiet) err.println(text);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60) : String.format("%dm%02ds", s / 60, s % 60);
    }
}
