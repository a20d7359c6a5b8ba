package dev.lmkit.spark;

import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An epoch's chunks, numbered in text order, handed out a range at a time: cut on the driver ({@link Shards}) and sent
 * to the executors with each range, or cut by the executors themselves ({@link ClusterText}) and kept there. A range
 * comes as consecutive groups of {@code perPart} chunks, one group to a partition, in order.
 */
abstract class Chunks {
    abstract int count();

    abstract JavaRDD<Chunk> range(int from, int to, int perPart);

    /** Chunks cut on the driver; {@code numbers}: each chunk's number targets, or null without the number objective. */
    static Chunks onDriver(JavaSparkContext sc, List<DataSet> chunks, List<int[]> numbers) {
        return new Chunks() {
            int count() {
                return chunks.size();
            }

            JavaRDD<Chunk> range(int from, int to, int perPart) {
                List<List<Chunk>> groups = new ArrayList<>();
                for (int i = from; i < to; i++) {
                    if ((i - from) % perPart == 0) groups.add(new ArrayList<>());
                    groups.get(groups.size() - 1).add(new Chunk(i, chunks.get(i), numbers == null ? null : numbers.get(i)));
                }
                return sc.parallelize(groups, groups.size()).flatMap(List::iterator); // one group to a slice
            }
        };
    }

    /** Chunks the executors made and keep, keyed by number. */
    static Chunks onCluster(JavaPairRDD<Integer, DataSet> chunks, int count) {
        return new Chunks() {
            int count() {
                return count;
            }

            JavaRDD<Chunk> range(int from, int to, int perPart) {
                return chunks.filter(c -> c._1() >= from && c._1() < to).partitionBy(new Groups(from, to, perPart))
                        .mapPartitions(it -> {
                            List<Chunk> group = new ArrayList<>();
                            it.forEachRemaining(c -> group.add(new Chunk(c._1(), c._2(), null)));
                            group.sort(Comparator.comparingInt(Chunk::index));
                            return group.iterator();
                        });
            }
        };
    }

    /** Chunk i of [from, to) to partition (i − from) / perPart. */
    private static final class Groups extends Partitioner {
        private final int from, perPart, parts;

        Groups(int from, int to, int perPart) {
            this.from = from;
            this.perPart = perPart;
            this.parts = (to - from + perPart - 1) / perPart;
        }

        @Override
        public int numPartitions() {
            return parts;
        }

        @Override
        public int getPartition(Object key) {
            return Math.min(parts - 1, Math.max(0, ((Integer) key - from) / perPart));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Groups g && g.from == from && g.perPart == perPart && g.parts == parts;
        }

        @Override
        public int hashCode() {
            return from * 31 + perPart * 17 + parts;
        }
    }
}
