/**
 * Looking inside an LSTM: gates, cells and outputs per token and layer and their heatmap ({@link dev.lmkit.inspect.LstmTrace}),
 * diagnostic classifiers for the subject's number ({@link dev.lmkit.inspect.Probe}) and units silenced while the model
 * reads ({@link dev.lmkit.inspect.Ablation}).
 */
package dev.lmkit.inspect;
