package dev.lmkit.train;

import dev.lmkit.LmkitException;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.ui.api.UIServer;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;

/**
 * DL4J's own training UI (deeplearning4j-ui) on localhost: score chart, update ratios, parameter
 * histograms. Only {@code train --ui} touches this class, so training never needs the UI.
 */
public final class TrainingDashboard implements AutoCloseable {
    private final UIServer server;
    private final StatsStorage storage = new InMemoryStatsStorage();

    private TrainingDashboard(UIServer server) {
        this.server = server;
        server.attach(storage);
    }

    public static TrainingDashboard start(int port) {
        System.setProperty("org.deeplearning4j.ui.port", Integer.toString(port));
        try {
            return new TrainingDashboard(UIServer.getInstance());
        } catch (RuntimeException e) {
            throw new LmkitException("cannot start the training UI on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** The listener that feeds the dashboard; add it to the trainer's options. */
    public TrainingListener listener() {
        return new StatsListener(storage);
    }

    public String url() {
        return "http://localhost:" + server.getPort() + "/train/overview";
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
