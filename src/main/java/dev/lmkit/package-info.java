/**
 * lmkit: LSTM language models on the JVM. This package holds what every other package shares: the user-facing
 * error ({@link dev.lmkit.LmkitException}: one line, exit status 2), how outside input is quoted in messages
 * ({@link dev.lmkit.Messages}), how outputs are written whole and never through a link ({@link dev.lmkit.OutputFiles}),
 * JSON, checksums and where the defaults live ({@link dev.lmkit.Home}). The stages, bottom up: {@code corpus} and
 * {@code config}, {@code model} and {@code fused}, {@code train}, {@code eval}, {@code sample}, {@code inspect},
 * {@code interop}, {@code agreement}, {@code bench}, {@code api}, {@code cli}; see docs/architecture.md.
 */
package dev.lmkit;
