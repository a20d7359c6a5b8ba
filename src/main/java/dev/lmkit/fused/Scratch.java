package dev.lmkit.fused;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Map;

/**
 * Named c-order arrays a layer reuses from call to call. Allocating a fresh 16 MB array through ND4J
 * costs ~9 ms on this class of machine, as much as a GEMM that fills it; a training step of a
 * 10k-word model allocated several. Arrays are reallocated only when the shape or type changes, so
 * contents live until the layer's next call: never hand one to DL4J as an activation or gradient.
 */
final class Scratch {
    private final Map<String, INDArray> arrays = new HashMap<>();

    INDArray get(String name, DataType type, long rows, long cols) {
        INDArray a = arrays.get(name);
        if (a == null || a.dataType() != type || a.size(0) != rows || a.size(1) != cols) {
            try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                a = Nd4j.createUninitialized(type, new long[]{rows, cols}, 'c');
            }
            arrays.put(name, a);
        }
        return a;
    }
}
