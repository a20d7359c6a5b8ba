package dev.lmkit.fused;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class BlasCoreTest {
    private static final Set<String> XEON_MODEL_207 = Set.of("sse3", "ssse3", "fma", "avx", "avx2", "avx512f", "avx512bw", "avx512vl", "avx512dq");

    @Test
    void anIntelCpuGetsTheWidestKernelsItsFlagsAllow() {
        assertEquals("SkylakeX", BlasCore.suggested("GenuineIntel", XEON_MODEL_207));
        assertEquals("Haswell", BlasCore.suggested("GenuineIntel", Set.of("sse3", "avx", "avx2", "fma")));
        assertNull(BlasCore.suggested("GenuineIntel", Set.of("sse3", "avx")), "no AVX2: OpenBLAS's own choice");
        assertNull(BlasCore.suggested("AuthenticAMD", XEON_MODEL_207), "OpenBLAS knows Zen by family");
    }

    @Test
    void onlyTheFallbackKernelsOnACapableCpuAreWarnedAbout() {
        String warning = BlasCore.warning("PRESCOTT", "SkylakeX");
        assertTrue(warning.contains("PRESCOTT") && warning.contains("OPENBLAS_CORETYPE=SkylakeX"), warning);
        assertNull(BlasCore.warning("SKYLAKEX", "SkylakeX"));
        assertNull(BlasCore.warning("COOPERLAKE", "SkylakeX"), "OpenBLAS recognized the CPU");
        assertNull(BlasCore.warning("PRESCOTT", null), "nothing better to suggest");
    }

    @Test
    void theKernelsOpenBlasRunsAreReadFromItself() {
        Threads.configure();
        String core = BlasCore.name();
        assertNotEquals("unknown", core, "every x86-64 kernel table of OpenBLAS 0.3.19 is listed");
        String forced = System.getenv("OPENBLAS_CORETYPE");
        if (forced != null && !forced.isEmpty()) assertEquals(forced.toUpperCase(java.util.Locale.ROOT), core);
    }
}
