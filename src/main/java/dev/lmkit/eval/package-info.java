/**
 * The one scorer ({@link dev.lmkit.eval.Scorer}): whole-text NLL with the state carried, and per-token surprisal of
 * sentences, continuations and running text; every command and the API score through it.
 */
package dev.lmkit.eval;
