package dev.lmkit.train;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.impl.VertxInternal;
import org.deeplearning4j.ui.VertxUIServer;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * DL4J's dashboard server, listening on one address: its own {@code start} calls {@code vertx.createHttpServer()},
 * whose default is every interface, and offers no setting for it. This subclass hands it a Vert.x whose
 * {@code createHttpServer()} gives a server whose {@code listen(port, …)} binds {@link #host}; every other call goes to
 * the real Vert.x unchanged.
 */
public final class LoopbackUIServer extends VertxUIServer {
    /** The address the next server binds; set before it is deployed. */
    static volatile String host = "127.0.0.1";

    @Override
    public void init(Vertx vertx, Context context) {
        super.init(bindingTo((VertxInternal) vertx, host), context);
    }

    private static Vertx bindingTo(VertxInternal real, String host) {
        return (Vertx) Proxy.newProxyInstance(LoopbackUIServer.class.getClassLoader(), new Class<?>[]{VertxInternal.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("createHttpServer") && method.getParameterCount() == 0) {
                        return listeningOn(real.createHttpServer(new HttpServerOptions().setHost(host)), host);
                    }
                    return call(method, real, args);
                });
    }

    /** The server, whose {@code listen(port, handler)} (every interface in Vert.x 3) listens on {@code host}. */
    private static HttpServer listeningOn(HttpServer real, String host) {
        return (HttpServer) Proxy.newProxyInstance(LoopbackUIServer.class.getClassLoader(), new Class<?>[]{HttpServer.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("listen") && args != null && args.length >= 1 && args[0] instanceof Integer port) {
                        Object[] withHost = new Object[args.length + 1];
                        withHost[0] = port;
                        withHost[1] = host;
                        System.arraycopy(args, 1, withHost, 2, args.length - 1);
                        Class<?>[] types = new Class<?>[withHost.length];
                        types[0] = int.class;
                        types[1] = String.class;
                        System.arraycopy(method.getParameterTypes(), 1, types, 2, args.length - 1);
                        Object r = call(HttpServer.class.getMethod("listen", types), real, withHost);
                        return r == real ? proxy : r;
                    }
                    Object r = call(method, real, args);
                    return r == real ? proxy : r; // fluent calls keep returning the proxy
                });
    }

    private static Object call(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
