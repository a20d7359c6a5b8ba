package dev.lmkit.train;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

class StateResetTest {
    private static long resets(StateReset r, int windows) {
        return IntStream.range(0, windows).filter(r::after).count();
    }

    @Test
    void resetsAboutTheConfiguredShareOfWindowsAndRepeatsWithTheSeed() {
        long n = resets(new StateReset(0.1, 3), 20_000);
        assertTrue(n > 1_800 && n < 2_200, n + " of 20000");
        assertEquals(n, resets(new StateReset(0.1, 3), 20_000));
        assertNotEquals(n, resets(new StateReset(0.1, 4), 20_000));
        assertEquals(0, resets(StateReset.never(), 1_000));
        assertEquals(1_000, resets(new StateReset(1, 3), 1_000));
    }

    @Test
    void rejectsAProbabilityOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> new StateReset(1.5, 0));
    }
}
