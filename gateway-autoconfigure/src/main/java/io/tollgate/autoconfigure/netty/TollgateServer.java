package io.tollgate.autoconfigure.netty;

import io.tollgate.core.edge.Edge;
import io.tollgate.core.edge.EdgeSettings;
import io.tollgate.core.server.netty.GatewayEntry;
import io.tollgate.core.server.netty.ReactorNettyGatewayHandler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The gateway's own Reactor Netty server, for an application without WebFlux (Spring MVC on its servlet container, or
 * no web server at all): it serves every request on {@code tollgate.server.port} through the gateway, behind the
 * edge limits, and leaves the application's own server alone. Started with the context, stopped before it closes.
 */
public final class TollgateServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TollgateServer.class);

    private final GatewayEntry entry;
    private final @Nullable String address;
    private final int port;
    private final @Nullable EdgeSettings edge;
    private volatile @Nullable DisposableServer server;

    /**
     * @param address the address to bind, or null for every interface
     * @param port    the port (0: any free one, see {@link #port()})
     * @param edge    the edge limits, or null to serve without them
     */
    public TollgateServer(GatewayEntry entry, @Nullable String address, int port, @Nullable EdgeSettings edge) {
        this.entry = entry;
        this.address = address;
        this.port = port;
        this.edge = edge;
    }

    @Override
    public void start() {
        HttpServer http = HttpServer.create().port(port);
        if (address != null) {
            http = http.host(address);
        }
        if (edge != null) {
            http = Edge.apply(http, edge);
        }
        ReactorNettyGatewayHandler handler = new ReactorNettyGatewayHandler(entry);
        DisposableServer bound = http.route(handler::serveAll).bindNow();
        server = bound;
        log.info("Tollgate serves on its own port {} (beside the application's server)", bound.port());
    }

    @Override
    public void stop() {
        DisposableServer bound = server;
        if (bound != null) {
            bound.disposeNow();
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The port the server listens on, once started; -1 before. */
    public int port() {
        DisposableServer bound = server;
        return bound == null ? -1 : bound.port();
    }
}
