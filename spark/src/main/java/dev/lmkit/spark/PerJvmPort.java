package dev.lmkit.spark;

import org.nd4j.parameterserver.distributed.v2.transport.PortSupplier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;

/**
 * Gradient sharing's UDP port when several of its JVMs share one machine (this machine's standalone cluster): the
 * driver keeps the port it {@link #claim}s, for the controller, and every other JVM takes a free port of its own. With
 * one fixed port for all, as DL4J's {@code StaticPortSupplier} gives, the executors' Aeron transports and the driver's
 * bind the same port and no update reaches anyone. DL4J asks the supplier in the driver for the controller's port and
 * in each executor for its own.
 */
final class PerJvmPort implements PortSupplier {
    private static volatile int port;

    /** This JVM's port from now on (the driver's: the controller's port). */
    static void claim(int fixed) {
        port = fixed;
    }

    @Override
    public int getPort() {
        if (port == 0) {
            synchronized (PerJvmPort.class) {
                if (port == 0) {
                    try (DatagramSocket probe = new DatagramSocket(0)) {
                        port = probe.getLocalPort();
                    } catch (IOException e) {
                        throw new UncheckedIOException("no free UDP port for gradient sharing", e);
                    }
                }
            }
        }
        return port;
    }
}
