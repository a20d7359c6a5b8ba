package dev.lmkit.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ProgressTest {
    @Test
    void theLineFitsTheTerminalSoRedrawsDoNotWrap() {
        for (int width : new int[]{40, 60, 80, 120, 200}) {
            String line = Progress.line(12, 130, 0.47, 4.9191, false, 123_456, 3 * 3600 + 59, width);
            assertTrue(line.length() < width, width + ": " + line.length() + " " + line);
            assertTrue(line.startsWith("epoch 12/130 "), line);
        }
        assertEquals("epoch 1/13 [###########.............]  47% loss 4.919 ppl 136.9 | 804 tok/s | ETA 0m59s",
                Progress.line(1, 13, 0.47, 4.9191, false, 804, 59, 120));
        assertFalse(Progress.line(1, 13, 0.47, 4.9191, false, 804, 59, 60).contains("["), "no room for a bar at 60 columns: no bar");
    }

    @Test
    void characterModelsShowBitsPerCharacter() {
        String line = Progress.line(2, 10, 0.5, Math.log(2) * 1.5, true, 9000, 30, 100);
        assertTrue(line.contains("bpc 1.500") && !line.contains("ppl"), line);
    }

    @Test
    void columnsFallBackTo80() {
        assertEquals(80, Progress.columns(null));
        assertEquals(80, Progress.columns("wide"));
        assertEquals(132, Progress.columns("132"));
    }

    @Test
    void theEtaOfAResumedEpochCountsOnlyTheWindowsItTimed() {
        assertEquals(100.0, Progress.eta(10, 10, 100), 1e-9, "10 windows in 10 s, 100 left");
        assertTrue(Double.isNaN(Progress.eta(0, 0, 100)), "nothing timed yet");
        assertTrue(Double.isNaN(Progress.eta(3, 1, 100)), "one window is warm-up, not a pace");
        assertEquals(0.0, Progress.eta(3, 1, 0), "the last window of an epoch");
        assertEquals("--", Progress.duration(Double.NaN));
        assertTrue(Progress.line(1, 13, 0.0, 4.6, false, 800, Double.NaN, 80).endsWith("ETA --"));
    }
}
