package dev.lmkit.agreement.mine;

import dev.lmkit.LmkitException;

import java.io.PrintStream;
import java.util.ServiceLoader;

/**
 * Mining on a cluster ({@code agreement mine --spark MASTER}): the corpus parsed in parts on the executors, their
 * {@link Harvest}s joined in corpus order on the driver, which writes the suite with {@link Miner#finish} — the same
 * files as {@link Miner#mine}. Implemented by lmkit-spark ({@code spark/}), found with {@link ServiceLoader}.
 */
public interface DistributedMining {
    /** {@code master}: {@code local[N]}, {@code spark://host:port} or {@code submit}; {@code workers}: executor cores asked for. */
    record Request(String master, int workers) {
    }

    /** {@code corpus}: a path (read on the driver) or a URI (read by the executors); {@code o.corpus()} names the suite. */
    Miner.Summary mine(Miner.Options o, String corpus, Request request, PrintStream log);

    static DistributedMining find() {
        return ServiceLoader.load(DistributedMining.class).findFirst().orElseThrow(() -> new LmkitException(
                "--spark needs lmkit-spark on the classpath: ./lmkit adds it from the checkout's spark/ (built on first use); "
                        + "a library user depends on dev.lmkit:lmkit-spark"));
    }
}
