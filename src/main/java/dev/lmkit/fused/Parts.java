package dev.lmkit.fused;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

/**
 * Splits work into one contiguous part per worker ({@link Threads#workers()}) and runs them at once,
 * the last part on the calling thread. lmkit keeps OpenMP at one thread (more make DL4J's many small ops
 * slower on a small machine), so without this a large softmax or the LSTM's gate loops would use one
 * core. Part p of n
 * items is [p·n/parts, (p+1)·n/parts): with two workers exactly the halves lmkit always used, so results
 * are bit-identical to the two-way split; per-part partial sums are added in part order.
 */
final class Parts {
    /** Below this much work the hand-off to the helper threads costs more than it saves. */
    private static final long MIN_ELEMENTS = 8_192;
    static final int WORKERS = Threads.workers();
    private static final ExecutorService HELPERS = WORKERS < 2 ? null : Executors.newFixedThreadPool(WORKERS - 1, r -> {
        Thread t = new Thread(r, "lmkit-parts");
        t.setDaemon(true);
        return t;
    });

    /** Set while {@link #onCallingThread} runs: every split is one part. */
    private static final ThreadLocal<Boolean> ONE_PART = ThreadLocal.withInitial(() -> false);

    interface Range {
        /** Runs items [from, to), which are part {@code part} of the split. */
        void run(int part, int from, int to);
    }

    private Parts() {
    }

    /** How many parts {@link #run} makes of {@code n} items costing {@code cost} elements in all. */
    static int count(int n, long cost) {
        return WORKERS < 2 || n < 2 || cost < MIN_ELEMENTS || ONE_PART.get() ? 1 : Math.min(WORKERS, n);
    }

    /**
     * Runs {@code work} with every {@link #run} inside it on the calling thread alone. For work made of many tiny
     * products (a batch-1 generation step: one GEMV per layer), where handing half of each to a helper costs more
     * than it saves (docs/speed.md).
     */
    static <T> T onCallingThread(Supplier<T> work) {
        if (ONE_PART.get()) return work.get();
        ONE_PART.set(true);
        try {
            return work.get();
        } finally {
            ONE_PART.set(false);
        }
    }

    /** Runs {@code body} over [0, n) in {@link #count} parts at once; {@code cost} is the total element count. */
    static void run(int n, long cost, Range body) {
        split(n, count(n, cost), body);
    }

    /** Runs {@code body} over [0, n) in exactly {@code parts} parts (at most {@link #WORKERS} at once). */
    static void split(int n, int parts, Range body) {
        if (parts == 1) {
            body.run(0, 0, n);
            return;
        }
        if (HELPERS == null) { // one worker: the parts one after the other, same ranges
            for (int p = 0; p < parts; p++) body.run(p, (int) ((long) p * n / parts), (int) ((long) (p + 1) * n / parts));
            return;
        }
        List<Future<?>> others = new ArrayList<>(parts - 1);
        for (int p = 0; p < parts - 1; p++) {
            int part = p, from = (int) ((long) p * n / parts), to = (int) ((long) (p + 1) * n / parts);
            others.add(HELPERS.submit(() -> body.run(part, from, to)));
        }
        body.run(parts - 1, (int) ((long) (parts - 1) * n / parts), n);
        for (Future<?> f : others) join(f);
    }

    /** Applies a row-wise op to row blocks of a matrix at once. */
    static void rows(INDArray matrix, Consumer<INDArray> op) {
        long rows = matrix.size(0);
        run((int) rows, matrix.length(), (part, from, to) -> op.accept(matrix.get(interval(from, to), all())));
    }

    private static void join(Future<?> other) {
        try {
            other.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }
}
