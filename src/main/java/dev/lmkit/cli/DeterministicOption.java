package dev.lmkit.cli;

import dev.lmkit.fused.Determinism;
import picocli.CommandLine.Option;

/** {@code --deterministic}: scores the same to the bit in any batch, position, thread count or machine. */
final class DeterministicOption {
    @Option(names = "--deterministic", description = "Bit-identical scores whatever the batch, the input order, the thread "
            + "count or the machine: products in a fixed order, scoring about a quarter slower (docs/speed.md). Also: "
            + "LMKIT_DETERMINISTIC=1.")
    void set(boolean on) {
        if (on) Determinism.set(true);
    }
}
