package dev.lmkit.fused;

/**
 * Where each gate sits in a row of 4h pre-activations or activations: DL4J's order, [block input (tanh),
 * forget, output, input]. Unit j of gate g is column {@code g * h + j}; the kernels take the offsets
 * {@code g * h} once per row.
 */
final class Gates {
    static final int BLOCK = 0, FORGET = 1, OUTPUT = 2, INPUT = 3;

    private Gates() {
    }
}
