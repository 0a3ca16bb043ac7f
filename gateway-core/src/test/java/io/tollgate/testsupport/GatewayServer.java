package io.tollgate.testsupport;

import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.ReactorNettyGatewayHandler;
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

    public static GatewayServer start(Gateway gateway) {
        ReactorNettyGatewayHandler handler = new ReactorNettyGatewayHandler(gateway);
        return new GatewayServer(HttpServer.create().host("127.0.0.1").port(0).route(handler::serveAll).bindNow());
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
