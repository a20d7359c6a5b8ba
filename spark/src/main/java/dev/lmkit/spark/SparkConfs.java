package dev.lmkit.spark;

import dev.lmkit.train.DistributedTraining;
import org.apache.spark.SparkConf;

import java.lang.management.ManagementFactory;

/** The Spark configuration of a training or scoring run, by where it runs: local[N], this machine's standalone cluster, or spark-submit. */
final class SparkConfs {
    private SparkConfs() {
    }

    static SparkConf forRun(DistributedTraining.Request o, String appName) {
        return forRun(o.master(), o.workers(), appName);
    }

    static SparkConf forRun(String master, int workers, String appName) {
        SparkConf conf = new SparkConf().setAppName(appName)
                .set("spark.ui.enabled", "false")
                // Spark 3.3's cleaner closes the INDArray that SparkDl4jMultiLayer broadcasts (the live parameters),
                // after which fit fails with "Unable to wrap closed buffer".
                .set("spark.cleaner.referenceTracking", "false");
        boolean submitted = master.equals("submit"); // spark-submit chose the master and ships the application jar
        if (!submitted) conf.setMaster(master);
        if (master.startsWith("spark://")) {
            // Executors on this machine's cluster (spark/standalone) run lmkit from the driver's own classpath and JVM
            // flags; on a real cluster, spark-submit ships the application jar instead.
            conf.set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                    .set("spark.executor.extraJavaOptions", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()
                            .stream().filter(a -> a.startsWith("--add-") || a.startsWith("-Daeron.")).toList()))
                    .set("spark.executor.memory", "2g").set("spark.cores.max", Integer.toString(workers))
                    .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        }
        return conf;
    }
}
