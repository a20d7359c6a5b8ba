package dev.lmkit.fused;

/**
 * Whether inference runs its products in a fixed order ({@link OrderedProduct}), so that a sentence's scores are
 * the same to the bit in any batch, at any position of the input, with any thread count, on any machine.
 * It is off by default: the ordered products reach about a third of OpenBLAS's rate (docs/speed.md), and without
 * them a score moves in its last bits (~1e-7) with its batch. {@code --deterministic} on the scoring commands and
 * {@code LMKIT_DETERMINISTIC=1} turn it on. Training always takes OpenBLAS: it is repeatable run to run (same
 * shapes, same kernels) and resumes exactly.
 */
public final class Determinism {
    private static volatile boolean on = "1".equals(System.getenv("LMKIT_DETERMINISTIC"));

    private Determinism() {
    }

    public static boolean on() {
        return on;
    }

    public static void set(boolean value) {
        on = value;
    }
}
