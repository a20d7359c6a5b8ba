/**
 * {@code bench}: tokens per second of training, evaluation and sampling on fixed workloads, peak memory and the
 * machine's sgemm rate beside them. Benchmarks report numbers; tests assert behaviour.
 */
package dev.lmkit.bench;
