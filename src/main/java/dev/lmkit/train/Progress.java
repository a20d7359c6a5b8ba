package dev.lmkit.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The training progress line on stderr: a bar with loss, perplexity (bits per character for character
 * models), tokens/s and ETA, redrawn in place on a terminal and printed every tenth of an epoch otherwise
 * (logs, CI). The line fits the terminal's width ({@code COLUMNS}, which {@code ./lmkit} exports; 80
 * without it): a line that wraps turns every redraw into a new line.
 */
public final class Progress {
    private static final int MAX_BAR = 24;
    private final PrintStream err;
    private final boolean terminal;
    private final boolean quiet;
    private final boolean chars;
    private final int width;
    private long lastDraw;
    private int lastTenth = -1;
    private long epochStart = System.nanoTime();
    private int firstWindow;

    Progress(PrintStream err, boolean quiet, boolean chars) {
        this.err = err;
        this.terminal = System.console() != null;
        this.quiet = quiet;
        this.chars = chars;
        this.width = columns(System.getenv("COLUMNS"));
    }

    static int columns(String env) {
        try {
            int n = Integer.parseInt(env == null ? "" : env.trim());
            return n >= 20 ? n : 80;
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    void step(int epoch, int epochs, int window, int windows, double loss, double tokensPerSecond) {
        if (quiet) return;
        long now = System.nanoTime();
        int tenth = (window + 1) * 10 / windows;
        boolean draw = terminal ? now - lastDraw > 250_000_000L || window + 1 == windows : tenth != lastTenth;
        if (!draw) return;
        lastDraw = now;
        lastTenth = tenth;
        String line = line(epoch, epochs, (window + 1.0) / windows, loss, chars, tokensPerSecond, etaSeconds(window, windows, now), width);
        if (terminal) err.print("\r" + line + (window + 1 == windows ? "\n" : ""));
        else err.println(line);
    }

    /** One progress line of at most {@code width − 1} characters (the bar shrinks, or goes, to make room). */
    static String line(int epoch, int epochs, double done, double loss, boolean chars, double tokensPerSecond, double eta, int width) {
        String head = String.format(Locale.ROOT, "epoch %d/%d ", epoch, epochs);
        String tail = String.format(Locale.ROOT, " %3.0f%% loss %.3f %s | %.0f tok/s | ETA %s", done * 100, loss,
                chars ? String.format(Locale.ROOT, "bpc %.3f", loss / Math.log(2)) : String.format(Locale.ROOT, "ppl %.1f", Math.exp(loss)),
                tokensPerSecond, duration(eta));
        int bar = Math.min(MAX_BAR, width - 1 - head.length() - tail.length() - 2);
        String line = head + (bar >= 5 ? "[" + "#".repeat((int) Math.round(done * bar)) + ".".repeat(bar - (int) Math.round(done * bar)) + "]" : "")
                + (bar >= 5 ? tail : tail.stripLeading());
        return line.length() < width ? line : line.substring(0, width - 1);
    }

    /** Timing starts at {@code firstWindow}: 0, or where a run resumed mid-epoch. */
    void startEpoch(int firstWindow) {
        epochStart = System.nanoTime();
        this.firstWindow = firstWindow;
        lastTenth = -1;
    }

    private double etaSeconds(int window, int windows, long now) {
        return eta((now - epochStart) / 1e9, window + 1 - firstWindow, windows - window - 1);
    }

    /** Windows an ETA needs behind it: the first window of an epoch also pays for warm-up and state resets
     *  (a PTB run's 0% line said 37 minutes for an 18-minute epoch). */
    static final int ETA_AFTER_WINDOWS = 10;

    /**
     * Seconds left at the pace of the windows timed so far (a resumed epoch times only the windows it ran),
     * NaN (printed "--") until {@link #ETA_AFTER_WINDOWS} windows are timed, unless none are left.
     */
    static double eta(double elapsedSeconds, int windowsTimed, int windowsLeft) {
        if (windowsLeft <= 0) return 0;
        return windowsTimed < ETA_AFTER_WINDOWS ? Double.NaN : elapsedSeconds / windowsTimed * windowsLeft;
    }

    void message(String text) {
        if (!quiet) err.println(text);
    }

    /** "4m05s", "1h02m"; "--" for NaN (not known yet). */
    public static String duration(double seconds) {
        if (Double.isNaN(seconds)) return "--";
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60) : String.format("%dm%02ds", s / 60, s % 60);
    }
}
