package dev.lmkit.fused;

import org.nd4j.linalg.factory.Nd4j;

/**
 * lmkit's thread setting (docs/speed.md): one OpenMP thread for ND4J's
 * many small ops (two made them slower) and one OpenBLAS thread, because the fused layers split their
 * products and loops over the cores themselves ({@link Blas}, {@link Parts}); OpenBLAS's idle workers
 * would spin on the cores lmkit's own parts need. {@code LMKIT_THREADS} sets how many parts (default:
 * the processors this JVM may use), {@code OMP_NUM_THREADS} and {@code LMKIT_BLAS_THREADS} the others
 * (the stock DL4J layers run faster with one OpenBLAS thread per core).
 */
public final class Threads {
    private static boolean configured;

    private Threads() {
    }

    public static synchronized void configure() {
        if (configured) return;
        configured = true;
        Nd4j.factory().blas().setMaxThreads(blasThreads());
        BlasCore.warnIfFallback();
    }

    /** Threads the fused kernels split their work over: {@code LMKIT_THREADS}, else every available processor. */
    public static int workers() {
        String env = System.getenv("LMKIT_THREADS");
        if (env != null && env.matches("\\d+") && Integer.parseInt(env) > 0) return Integer.parseInt(env);
        return Runtime.getRuntime().availableProcessors();
    }

    public static int blasThreads() {
        String env = System.getenv("LMKIT_BLAS_THREADS");
        if (env != null && env.matches("\\d+") && Integer.parseInt(env) > 0) return Integer.parseInt(env);
        return 1;
    }

    public static int ompThreads() {
        String env = System.getenv("OMP_NUM_THREADS");
        return env != null && env.matches("\\d+") ? Integer.parseInt(env) : Runtime.getRuntime().availableProcessors();
    }
}
