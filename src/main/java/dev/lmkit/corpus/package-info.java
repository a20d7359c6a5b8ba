/**
 * Text to ids: reading corpus files ({@link dev.lmkit.corpus.CorpusReader}: files, directories, {@code .gz},
 * strict UTF-8), tokenizers, the {@link dev.lmkit.corpus.Vocabulary}, the train/valid/test splits
 * ({@link dev.lmkit.corpus.Corpus}), Zaremba-style batching ({@link dev.lmkit.corpus.BpttBatches}), the number
 * objective's targets and the corpus catalog.
 */
package dev.lmkit.corpus;
