package dev.lmkit.corpus;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BpttBatchesTest {

    @Test
    void streamsAreContiguousAndContinueAcrossWindows() {
        int[] ids = new int[23];
        for (int i = 0; i < ids.length; i++) ids[i] = i;
        // 22 predictable tokens over 2 streams of 11: stream 0 = 0..10 (+label 11), stream 1 = 11..21 (+label 22)
        BpttBatches b = new BpttBatches(ids, 2, 4);
        assertEquals(11, b.streamLength());
        assertEquals(3, b.windows());
        assertEquals(22, b.tokensPerEpoch());
        assertArrayEquals(new long[]{2, 1, 4}, b.inputs(0).shape());
        assertRow(b.inputs(0), 0, 0, 1, 2, 3);
        assertRow(b.inputs(1), 0, 4, 5, 6, 7);   // window 1 of stream 0 starts where window 0 ended
        assertRow(b.inputs(0), 1, 11, 12, 13, 14);
        assertRow(b.labels(0), 1, 12, 13, 14, 15); // labels are the inputs shifted by one
        assertEquals(3, b.stepsIn(2));             // the last window is shorter
        assertRow(b.inputs(2), 1, 19, 20, 21);
        assertRow(b.labels(2), 1, 20, 21, 22);
    }

    private static void assertRow(INDArray batch, int stream, int... expected) {
        int[] actual = new int[(int) batch.size(2)];
        for (int t = 0; t < actual.length; t++) actual[t] = batch.getInt(stream, 0, t);
        assertArrayEquals(expected, actual);
    }
}
