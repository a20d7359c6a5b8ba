/**
 * PyTorch files without Python: reading {@code torch.save} files (zip and legacy) as untrusted input, importing
 * word_language_model / colorlessgreenRNNs LSTMs, and exporting lmkit's models as a state_dict.
 */
package dev.lmkit.interop;
