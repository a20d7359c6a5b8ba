/**
 * The Java API: {@link dev.lmkit.api.LanguageModel} (load, sample, surprisal, agreement, trace),
 * {@link dev.lmkit.api.Training} and {@link dev.lmkit.api.Quickstart}, over the same classes the commands use.
 */
package dev.lmkit.api;
