/**
 * {@code train --spark}: DL4J's parameter averaging on a Spark cluster behind
 * {@link dev.lmkit.train.DistributedTraining}, corpora read by the executors, and the measurements of each
 * averaging round; see spark/README.md.
 */
package dev.lmkit.spark;
