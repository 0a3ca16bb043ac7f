package io.tollgate.benchmarks;

import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * This stack's ceiling for a WebSocket proxy: a Reactor Netty server that, for each session at {@code /echo}, opens one
 * to the backend's {@code /echo} and relays frames both ways with Reactor Netty's own {@code sendObject}. No routing,
 * no limits, no close codes passed on. Usage:
 * {@code java -cp benchmarks.jar io.tollgate.benchmarks.BareWebSocketRelay PORT BACKEND_WS_URL}.
 */
public final class BareWebSocketRelay {

    private BareWebSocketRelay() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        String backend = args[1];
        HttpClient client = HttpClient.newConnection();
        DisposableServer server = HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .route(routes -> routes.ws("/echo", (in, out) -> client.websocket().uri(backend)
                        .handle((backendIn, backendOut) -> Mono.when(
                                backendOut.sendObject(in.receiveFrames().map(WebSocketFrame::retain)),
                                out.sendObject(backendIn.receiveFrames().map(WebSocketFrame::retain))))
                        .then()))
                .bindNow();
        System.out.println("bare WebSocket relay on port " + server.port() + " -> " + backend);
        server.onDispose().block();
    }
}
