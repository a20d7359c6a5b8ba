package dev.lmkit.fused;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PartsTest {

    @Test
    void partsTileTheRangeInOrderAndTwoPartsAreTheHalves() {
        for (int parts = 1; parts <= 5; parts++) {
            for (int n : new int[]{5, 7, 64, 1001}) {
                List<int[]> seen = Collections.synchronizedList(new ArrayList<>());
                Parts.split(n, parts, (part, from, to) -> seen.add(new int[]{part, from, to}));
                seen.sort((a, b) -> a[0] - b[0]);
                assertEquals(parts, seen.size());
                int next = 0;
                for (int p = 0; p < parts; p++) {
                    assertEquals(p, seen.get(p)[0]);
                    assertEquals(next, seen.get(p)[1], "part " + p + " of " + parts + " over " + n);
                    next = seen.get(p)[2];
                }
                assertEquals(n, next);
                if (parts == 2) assertEquals(n / 2, seen.get(1)[1], "two parts are lmkit's old halves");
            }
        }
    }

    @Test
    void smallWorkIsNotSplit() {
        assertEquals(1, Parts.count(1000, 100));
        assertEquals(Math.min(Parts.WORKERS, 1000), Parts.count(1000, 1_000_000));
    }

    @Test
    void insideOnCallingThreadEveryRunIsOnePartOnTheCaller() {
        Thread caller = Thread.currentThread();
        List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        int parts = Parts.onCallingThread(() -> {
            Parts.run(1000, 1_000_000, (part, from, to) -> threads.add(Thread.currentThread()));
            return Parts.count(1000, 1_000_000);
        });
        assertEquals(1, parts);
        assertEquals(List.of(caller), threads);
        assertEquals(Math.min(Parts.WORKERS, 1000), Parts.count(1000, 1_000_000), "outside it, the split is back");
    }
}
