package dev.lmkit.fused;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

/**
 * Splits work in two and runs one half on a helper thread. lmkit keeps OpenMP at one thread (two made
 * DL4J's many small ops slower on a 2-core machine), so without this a large softmax or the LSTM's
 * gate loops would use one core; split, the [400, 10k] softmax of a PTB training step takes 9 ms, not 17.
 */
final class Halves {
    /** Below this much work the hand-off to the helper thread costs more than it saves. */
    private static final long MIN_ELEMENTS = 8_192;
    private static final boolean ENABLED = Runtime.getRuntime().availableProcessors() >= 2;
    private static final ExecutorService HELPER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lmkit-halves");
        t.setDaemon(true);
        return t;
    });

    interface Range {
        void run(int from, int to);
    }

    private Halves() {
    }

    /** Runs {@code body} over [0, n) as [0, n/2) and [n/2, n) at once; {@code cost} is the total element count. */
    static void run(int n, long cost, Range body) {
        if (!ENABLED || n < 2 || cost < MIN_ELEMENTS) {
            body.run(0, n);
            return;
        }
        int mid = n / 2;
        Future<?> other = HELPER.submit(() -> body.run(0, mid));
        body.run(mid, n);
        join(other);
    }

    /** Applies a row-wise op to the top and bottom halves of a matrix at once. */
    static void rows(INDArray matrix, Consumer<INDArray> op) {
        long rows = matrix.size(0);
        run((int) rows, matrix.length(), (from, to) -> op.accept(matrix.get(interval(from, to), all())));
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
