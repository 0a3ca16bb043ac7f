package io.tollgate.benchmarks;

import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The WebSocket run's backend: a Reactor Netty server echoing every frame of a session at {@code /echo}.
 * Usage: {@code java -cp benchmarks.jar io.tollgate.benchmarks.WebSocketEchoBackend PORT}.
 */
public final class WebSocketEchoBackend {

    private WebSocketEchoBackend() {
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 18091;
        DisposableServer server = HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .route(routes -> routes.ws("/echo", (in, out) -> out.sendObject(in.receiveFrames().map(WebSocketFrame::retain))))
                .bindNow();
        System.out.println("WebSocket echo backend on port " + server.port());
        server.onDispose().block();
    }
}
