/**
 * Looking inside an LSTM: gates, cells and outputs per token and layer, and their heatmap.
 */
package dev.lmkit.inspect;
