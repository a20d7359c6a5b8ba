/**
 * Generation: temperature, top-k and top-p sampling, one stream or many side by side.
 */
package dev.lmkit.sample;
