package dev.lmkit.fused;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Map;

/**
 * Named c-order arrays a layer reuses from call to call. Allocating a large array through ND4J costs about
 * as much as a GEMM that fills it, and a fresh array per batch shape (scoring sentences of every length)
 * would hold hundreds of megabytes until the garbage collector came by. Each name keeps one buffer that only
 * grows (by half again when it must), and a call gets a [rows, cols] array over its start. Contents live until
 * the layer's next call: never hand one to DL4J as an activation or gradient.
 */
final class Scratch {
    private final Map<String, INDArray> arrays = new HashMap<>();
    private final Map<String, DataBuffer> buffers = new HashMap<>();

    INDArray get(String name, DataType type, long rows, long cols) {
        INDArray a = arrays.get(name);
        if (a != null && a.dataType() == type && a.size(0) == rows && a.size(1) == cols) return a;
        DataBuffer buffer = buffers.get(name);
        long need = rows * cols;
        if (buffer == null || buffer.dataType() != type || buffer.length() < need) {
            long capacity = buffer == null || buffer.dataType() != type ? need : Math.max(need, buffer.length() + buffer.length() / 2);
            try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                buffer = Nd4j.createBuffer(type, capacity, false);
            }
            buffers.put(name, buffer);
        }
        a = Nd4j.create(buffer, new long[]{rows, cols}, new long[]{cols, 1}, 0, 'c', type);
        arrays.put(name, a);
        return a;
    }
}
