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

    /**
     * Starts the dashboard on {@code host}:{@code port}. It has no login, so it binds the loopback address unless the
     * caller widens it ({@code --ui-host}).
     */
    public static TrainingDashboard start(String host, int port) {
        System.setProperty("org.deeplearning4j.ui.port", Integer.toString(port));
        LoopbackUIServer.host = host;
        try {
            var done = new java.util.concurrent.CompletableFuture<String>();
            io.vertx.core.Vertx.vertx().deployVerticle(LoopbackUIServer.class.getName(), r -> {
                if (r.succeeded()) done.complete(r.result());
                else done.completeExceptionally(r.cause());
            });
            done.get(60, java.util.concurrent.TimeUnit.SECONDS);
            return new TrainingDashboard(UIServer.getInstance());
        } catch (java.util.concurrent.ExecutionException e) {
            throw new LmkitException("cannot start the training UI on " + host + ":" + port + ": " + e.getCause().getMessage(), e);
        } catch (Exception e) {
            throw new LmkitException("cannot start the training UI on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The listener that feeds the dashboard; add it to the trainer's options. */
    public TrainingListener listener() {
        return new StatsListener(storage);
    }

    public String url() {
        String host = LoopbackUIServer.host;
        boolean loopback = host.startsWith("127.") || host.equals("::1") || host.equals("localhost");
        return "http://" + (loopback ? "localhost" : host.contains(":") ? "[" + host + "]" : host) + ":" + server.getPort() + "/train/overview";
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
