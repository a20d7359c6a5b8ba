/**
 * lmkit's own layers for DL4J: embedding, LSTM and softmax computed with few large products straight into
 * OpenBLAS ({@code Blas}) and Vector-API loops, split over the cores ({@code Parts}); weight tying, the AWD-LSTM
 * regularizers and the auxiliary number objective; single generation steps ({@code SingleStep}); and the ordered
 * products of {@code --deterministic} ({@link dev.lmkit.fused.Determinism}). Each is checked against DL4J's stock
 * layers or finite differences in the tests.
 */
package dev.lmkit.fused;
