package dev.lmkit.train;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks a training run to stop gracefully: the trainer finishes the current step, writes
 * {@code last.zip}, keeps {@code best.zip}, evaluates the best model on the test set and returns.
 * {@link #onSignals} turns Ctrl-C (SIGINT) and SIGTERM into such a request; a second signal skips the
 * test evaluation, and one after the checkpoint is written exits at once (nothing is lost then).
 */
public final class StopRequest implements AutoCloseable {
    /** Exit statuses of a run stopped by a signal, as shells report them (128 + signal number). */
    public static final int EXIT_INTERRUPTED = 130, EXIT_TERMINATED = 143;

    private final PrintStream log;
    private final List<Runnable> uninstall = new ArrayList<>();
    private volatile String reason;
    private volatile int signals;
    private volatile boolean saved;

    private StopRequest(PrintStream log) {
        this.log = log;
    }

    /** A request nothing but {@link #request} triggers. */
    public static StopRequest manual() {
        return new StopRequest(new PrintStream(PrintStream.nullOutputStream()));
    }

    /** Listens for SIGINT and SIGTERM until {@link #close()}. */
    public static StopRequest onSignals(PrintStream log) {
        StopRequest stop = new StopRequest(log);
        for (String name : List.of("INT", "TERM")) {
            Signal signal = new Signal(name);
            SignalHandler previous = Signal.handle(signal, s -> stop.signalled(name.equals("INT") ? "interrupt" : "terminate"));
            stop.uninstall.add(() -> Signal.handle(signal, previous));
        }
        return stop;
    }

    private void signalled(String why) {
        signals++;
        if (signals == 1) {
            request(why);
            log.println("\nlmkit: stopping after this step and saving last.zip (" + (why.equals("interrupt") ? "Ctrl-C" : "the signal")
                    + " again skips the test evaluation)");
        } else if (saved) {
            log.println("\nlmkit: checkpoint saved; exiting without the test evaluation");
            System.exit(status());
        } else {
            log.println("\nlmkit: will skip the test evaluation; saving the checkpoint first");
        }
    }

    public void request(String why) {
        if (reason == null) reason = why;
    }

    /** Why the run should stop ({@code interrupt}, {@code terminate}, {@code time budget}, …), or null to go on. */
    public String reason() {
        return reason;
    }

    public boolean skipTest() {
        return signals > 1;
    }

    /** The checkpoint is on disk: from now on a further signal may end the process at once. */
    public void checkpointSaved() {
        saved = true;
    }

    /** The exit status for this stop: 130 / 143 for signals, 0 for a budget or other planned stop. */
    public int status() {
        return "interrupt".equals(reason) ? EXIT_INTERRUPTED : "terminate".equals(reason) ? EXIT_TERMINATED : 0;
    }

    @Override
    public void close() {
        uninstall.forEach(Runnable::run);
    }
}
