package dev.lmkit.spark;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.dataset.DataSet;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An epoch's chunks, numbered in text order, handed to DL4J a range (a segment) at a time: cut on the driver
 * ({@link Shards}) and sent to the executors, or cut by the executors themselves ({@link ClusterText}).
 */
abstract class Chunks {
    abstract int count();

    abstract JavaRDD<DataSet> range(int from, int to);

    /** Chunks cut on the driver; each range is parallelized once and kept (DL4J persists the RDDs it is given). */
    static Chunks onDriver(JavaSparkContext sc, List<DataSet> chunks, int partitions) {
        Map<Long, JavaRDD<DataSet>> made = new HashMap<>();
        return new Chunks() {
            int count() {
                return chunks.size();
            }

            JavaRDD<DataSet> range(int from, int to) {
                return made.computeIfAbsent((long) from << 32 | to, k -> sc.parallelize(chunks.subList(from, to), partitions));
            }
        };
    }

    /** Chunks the executors made and keep, keyed by number. */
    static Chunks onCluster(JavaPairRDD<Integer, DataSet> chunks, int count) {
        return new Chunks() {
            int count() {
                return count;
            }

            JavaRDD<DataSet> range(int from, int to) {
                return chunks.filter(c -> c._1() >= from && c._1() < to).values();
            }
        };
    }
}
