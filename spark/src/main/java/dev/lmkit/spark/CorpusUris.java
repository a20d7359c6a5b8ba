package dev.lmkit.spark;

import dev.lmkit.config.DataConfig;
import dev.lmkit.LmkitException;
import dev.lmkit.config.LmConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * Corpus files named by URIs, read through Hadoop's FileSystem (on Spark's classpath): {@code hdfs://} with the
 * Hadoop client Spark brings, {@code s3a://} and others with their connector jars added, {@code file://}. The driver
 * copies each to a local directory and reads it from there with lmkit's own reader (strict UTF-8, one loader).
 */
final class CorpusUris {
    private CorpusUris() {
    }

    static DataConfig fetch(DataConfig data, Path dir) {
        return data.toBuilder().files(local(data.train(), "train", dir), local(data.valid(), "valid", dir), local(data.test(), "test", dir)).build();
    }

    private static String local(String path, String split, Path dir) {
        if (!DataConfig.isUri(path)) return path;
        Path copy = dir.resolve(split + ".txt");
        try {
            URI uri = URI.create(path);
            FileSystem fs = FileSystem.get(uri, new Configuration());
            org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(uri);
            if (!fs.exists(source)) throw new LmkitException("data." + split + " not found: " + path);
            fs.copyToLocalFile(false, source, new org.apache.hadoop.fs.Path(copy.toUri()), true);
            return copy.toString();
        } catch (IOException | IllegalArgumentException e) {
            throw new LmkitException("cannot read data." + split + " " + path + ": " + e.getMessage());
        }
    }
}
