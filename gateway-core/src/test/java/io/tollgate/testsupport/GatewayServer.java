package io.tollgate.testsupport;

import io.tollgate.core.edge.Edge;
import io.tollgate.core.edge.EdgeSettings;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.LiveGateway;
import io.tollgate.core.server.netty.GatewayEntry;
import io.tollgate.core.server.netty.ReactorNettyGatewayHandler;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** A gateway serving every request on a real Reactor Netty server at a random local port, for end-to-end tests. */
public final class GatewayServer implements AutoCloseable {

    private final DisposableServer server;
    private final TestHttp http;

    private GatewayServer(DisposableServer server) {
        this.server = server;
        this.http = new TestHttp("http://127.0.0.1:" + server.port());
    }

    /** The gateway behind the default edge limits, as an application serves it. */
    public static GatewayServer start(Gateway gateway) {
        return start(gateway, EdgeSettings.DEFAULTS);
    }

    public static GatewayServer start(Gateway gateway, EdgeSettings edge) {
        return start(new LiveGateway(gateway), edge);
    }

    /** Serves whichever gateway {@code live} holds when each request arrives, behind the default edge limits. */
    public static GatewayServer start(LiveGateway live) {
        return start(live, EdgeSettings.DEFAULTS);
    }

    /** Serves whichever gateway {@code live} holds when each request arrives. */
    public static GatewayServer start(LiveGateway live, EdgeSettings edge) {
        ReactorNettyGatewayHandler handler = new ReactorNettyGatewayHandler(new GatewayEntry(live));
        HttpServer server = Edge.apply(HttpServer.create().host("127.0.0.1").port(0), edge);
        return new GatewayServer(server.route(handler::serveAll).bindNow());
    }

    public int port() {
        return server.port();
    }

    /** A client of this server. */
    public TestHttp http() {
        return http;
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
