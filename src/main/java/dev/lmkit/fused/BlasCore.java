package dev.lmkit.fused;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which of OpenBLAS's kernels run lmkit's products. ND4J M2.1 ships OpenBLAS 0.3.19, which picks its kernels by
 * CPU model and falls back to the SSE3 ones ("Prescott") on models newer than it knows, several times slower than
 * the kernels such a CPU can run (docs/speed.md, "OpenBLAS's kernels"). The
 * {@code ./lmkit} launcher and the notebook kernel set {@code OPENBLAS_CORETYPE} by the CPU's flags
 * ({@code src/dist/bin/openblas-coretype}, the rule of {@link #suggested}); a program using lmkit as a library gets
 * one warning line when the fallback runs on a CPU that has better kernels.
 */
public final class BlasCore {
    /** The kernel tables of OpenBLAS 0.3.19's x86-64 build, by the names its {@code gotoblas_NAME} symbols have. */
    private static final List<String> CORES = List.of("SKYLAKEX", "COOPERLAKE", "HASWELL", "ZEN", "SANDYBRIDGE", "NEHALEM",
            "CORE2", "PENRYN", "DUNNINGTON", "ATOM", "PRESCOTT", "KATMAI", "COPPERMINE", "NORTHWOOD", "BANIAS", "ATHLON",
            "OPTERON", "OPTERON_SSE3", "BARCELONA", "BOBCAT", "BULLDOZER", "PILEDRIVER", "STEAMROLLER", "EXCAVATOR");
    /** Those older than AVX2: what OpenBLAS falls back to on a CPU it does not know. */
    private static final Set<String> PRE_AVX2 = Set.of("SANDYBRIDGE", "NEHALEM", "CORE2", "PENRYN", "DUNNINGTON", "ATOM",
            "PRESCOTT", "KATMAI", "COPPERMINE", "NORTHWOOD", "BANIAS");
    private static boolean warned;

    private BlasCore() {
    }

    /**
     * The kernels OpenBLAS runs (HASWELL, SKYLAKEX, ZEN, PRESCOTT, ...), or "unknown". JavaCPP's OpenBLAS preset has
     * no {@code openblas_get_corename}, so this reads OpenBLAS's exported {@code gotoblas} pointer and finds the
     * {@code gotoblas_NAME} table it points to.
     */
    public static String name() {
        Loader.load(openblas_nolapack.class);
        Pointer current = Loader.addressof("gotoblas");
        if (current == null) return "unknown";
        long table = new PointerPointer<Pointer>(current).get(0).address();
        for (String core : CORES) {
            Pointer p = Loader.addressof("gotoblas_" + core);
            if (p != null && p.address() == table) return core;
        }
        return "unknown";
    }

    /**
     * The {@code OPENBLAS_CORETYPE} for a CPU with these /proc/cpuinfo vendor and flags: SkylakeX for Intel with
     * AVX-512 (F, BW, VL, DQ), Haswell for Intel with AVX2 and FMA; null otherwise, leaving OpenBLAS's own choice
     * (it knows AMD's Zen by family, not model, so it does not fall back there).
     */
    public static String suggested(String vendor, Set<String> flags) {
        if (!"GenuineIntel".equals(vendor)) return null;
        if (flags.containsAll(List.of("avx512f", "avx512bw", "avx512vl", "avx512dq"))) return "SkylakeX";
        if (flags.containsAll(List.of("avx2", "fma"))) return "Haswell";
        return null;
    }

    /** The warning for kernels {@code running} on a CPU that has {@code better} ones, or null when there is none. */
    static String warning(String running, String better) {
        if (better == null || !PRE_AVX2.contains(running)) return null;
        return "lmkit: OpenBLAS runs its " + running + " kernels on this CPU, which it does not recognize; "
                + "its " + better + " kernels are several times faster here: set OPENBLAS_CORETYPE=" + better
                + " before the JVM starts (./lmkit does)";
    }

    /**
     * Prints {@link #warning} once per JVM (stderr) when it applies to this machine; {@code -Dlmkit.blasWarning=off}
     * keeps it quiet (lmkit's test JVMs: tests read commands' stderr line by line).
     */
    static synchronized void warnIfFallback() {
        if (warned) return;
        warned = true;
        if ("off".equals(System.getProperty("lmkit.blasWarning"))) return;
        String message = warning(name(), suggestedHere());
        if (message != null) System.err.println(message);
    }

    private static String suggestedHere() {
        try {
            String vendor = null;
            Set<String> flags = new HashSet<>();
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (vendor == null && line.startsWith("vendor_id")) vendor = line.substring(line.indexOf(':') + 1).trim();
                if (line.startsWith("flags")) {
                    flags.addAll(Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
                    break;
                }
            }
            return suggested(vendor, flags);
        } catch (IOException | RuntimeException e) {
            return null; // not Linux: no advice
        }
    }
}
