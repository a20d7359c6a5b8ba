package dev.lmkit.fused;

/**
 * Whether inference runs the softmax's products in a fixed order too ({@link OrderedProduct}), so that a sentence's
 * scores are the same to the bit in any batch, at any position of the input, with any thread count, on any machine.
 * The recurrent layers always take ordered products when reading (packed once per pass, they are faster than
 * OpenBLAS's for an LSTM's shapes); the softmax's large products are OpenBLAS's by default, and through them a score
 * moves in its last bits (~1e-7) with its batch. {@code --deterministic} on the scoring commands and
 * {@code LMKIT_DETERMINISTIC=1} turn it on (docs/speed.md has what it costs). Training takes OpenBLAS for its large
 * products: it is repeatable run to run (same shapes, same kernels) and resumes exactly.
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
