package dev.lmkit;

import java.util.ServiceLoader;

/**
 * Where a job outside training runs on Spark ({@code --spark MASTER --workers N}): {@code master} is {@code local[N]},
 * {@code spark://host:port} or {@code submit}; {@code workers} the executor cores asked for. The implementations live
 * in lmkit-spark ({@code spark/}) and are found with {@link #find}, so Spark's jars are on the classpath only when
 * asked for.
 */
public record Cluster(String master, int workers) {

    /** The implementation of {@code service} that lmkit-spark registers. */
    public static <T> T find(Class<T> service) {
        return ServiceLoader.load(service).findFirst().orElseThrow(() -> new LmkitException(
                "--spark needs lmkit-spark on the classpath: ./lmkit adds it from the checkout's spark/ (built on first use); "
                        + "a library user depends on dev.lmkit:lmkit-spark"));
    }
}
