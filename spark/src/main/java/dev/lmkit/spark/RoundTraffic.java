package dev.lmkit.spark;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerBlockUpdated;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.storage.BlockUpdatedInfo;

/**
 * What an averaging round costs, measured from Spark's own events: its wall time (all the epoch's jobs), the workers' task time (the
 * computing), the broadcast of parameters and updater state (the serialized pieces the driver stores, and the copies
 * executors in other JVMs fetch) and the serialized task results the workers send back to the driver. The numbers
 * behind the N-machine projection in spark/README.md.
 */
final class RoundTraffic extends SparkListener {
    /** One epoch's rounds, summed. */
    record Totals(int rounds, int tasks, double wallSeconds, double taskSeconds, long broadcastBytes, long fetchedBytes, long resultBytes) {
        double perRound(double total) {
            return rounds == 0 ? 0 : total / rounds;
        }
    }

    private int rounds, tasks;
    private long wallNanos, jobStart, taskMillis, broadcastBytes, fetchedBytes, resultBytes;

    synchronized Totals takeTotals() {
        Totals t = new Totals(rounds, tasks, wallNanos / 1e9, taskMillis / 1e3, broadcastBytes, fetchedBytes, resultBytes);
        rounds = tasks = 0;
        wallNanos = taskMillis = broadcastBytes = fetchedBytes = resultBytes = 0;
        return t;
    }

    @Override
    public synchronized void onJobStart(SparkListenerJobStart start) {
        jobStart = System.nanoTime();
        if (isRound(start)) rounds++;
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd end) {
        wallNanos += System.nanoTime() - jobStart;
    }

    /**
     * DL4J runs a round as three jobs — a collect and a zipWithIndex that lay out the round's split, then the
     * training itself, a treeAggregate of the workers' parameters — after one count per epoch.
     */
    static boolean isRound(SparkListenerJobStart start) {
        String scope = start.properties() == null ? null : start.properties().getProperty("spark.rdd.scope");
        return scope != null && scope.contains("\"name\":\"treeAggregate\"");
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskMetrics() == null) return;
        tasks++;
        taskMillis += end.taskMetrics().executorRunTime();
        resultBytes += end.taskMetrics().resultSize();
    }

    @Override
    public synchronized void onBlockUpdated(SparkListenerBlockUpdated update) {
        BlockUpdatedInfo b = update.blockUpdatedInfo();
        // a torrent broadcast is stored as pieces; removals come as updates with no storage level
        if (!b.blockId().isBroadcast() || !b.blockId().name().contains("_piece") || !b.storageLevel().isValid()) return;
        long bytes = b.memSize() + b.diskSize();
        if (b.blockManagerId().isDriver()) broadcastBytes += bytes;
        else fetchedBytes += bytes;
    }
}
