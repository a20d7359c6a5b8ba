/**
 * lmkit's own layers for DL4J: embedding, LSTM and softmax computed with few large products straight into
 * OpenBLAS ({@code Blas}) and Vector-API loops, split over the cores ({@code Parts}); weight tying, the AWD-LSTM
 * regularizers and the auxiliary number objective; single generation steps ({@code SingleStep}); and ordered
 * products on packed weights ({@code OrderedProduct}, {@code VectorPanels}): the recurrent products, and with
 * {@code --deterministic} every product of reading ({@link dev.lmkit.fused.Determinism}). Each is checked against DL4J's stock
 * layers or finite differences in the tests.
 */
package dev.lmkit.fused;
