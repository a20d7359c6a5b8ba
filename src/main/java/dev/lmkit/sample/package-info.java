/**
 * Generation: temperature, top-k and top-p sampling, one stream or many side by side; an adaptive softmax's plain
 * draws compute the head and only the cluster drawn.
 */
package dev.lmkit.sample;
