/**
 * Agreement benchmarks: suites in four formats (BLiMP, minimal-pair TSV, target word, SyntaxGym), scored through
 * the one scorer as their papers score them, summaries with Wilson intervals, reports and charts, and the synthetic
 * grammar that generates suites and the quickstart corpus.
 */
package dev.lmkit.agreement;
