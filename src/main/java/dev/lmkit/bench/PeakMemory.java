package dev.lmkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's peak resident memory (Linux VmHWM), resettable between workloads. */
final class PeakMemory {
    private PeakMemory() {
    }

    static void reset() {
        System.gc();
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5"); // resets VmHWM to the current RSS
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // not Linux, or not permitted: the peak then covers the whole process
        }
    }

    static double megabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return Runtime.getRuntime().totalMemory() / 1048576.0;
    }
}
