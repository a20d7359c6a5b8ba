package dev.lmkit.agreement.mine;

import dev.lmkit.Cluster;

import java.io.PrintStream;

/**
 * Mining on a cluster ({@code agreement mine --spark MASTER}): the corpus parsed in parts on the executors, their
 * {@link Harvest}s joined in corpus order on the driver, which writes the suite with {@link Miner#finish} — the same
 * files as {@link Miner#mine}. Implemented by lmkit-spark ({@code spark/}), found by {@link Cluster#find}.
 */
public interface DistributedMining {
    /** {@code corpus}: a path (read on the driver) or a URI (read by the executors); {@code o.corpus()} names the suite. */
    Miner.Summary mine(Miner.Options o, String corpus, Cluster cluster, PrintStream log);

    static DistributedMining find() {
        return Cluster.find(DistributedMining.class);
    }
}
