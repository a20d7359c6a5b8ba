/**
 * A trained model: the network a config compiles to ({@link dev.lmkit.model.NetworkFactory}), the one zip file it
 * is saved as ({@link dev.lmkit.model.ModelBundle}) and read back from as untrusted input
 * ({@code ModelReader}, {@code ModelZip}, {@link dev.lmkit.model.ArrayCodec}), the one
 * way text becomes its tokens ({@link dev.lmkit.model.ModelText}) and its next-token probabilities
 * ({@link dev.lmkit.model.NextToken}).
 */
package dev.lmkit.model;
