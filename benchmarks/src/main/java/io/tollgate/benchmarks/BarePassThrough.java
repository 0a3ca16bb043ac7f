package io.tollgate.benchmarks;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.integration.ProxyClientSettings;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * This stack's ceiling for a proxy: a Reactor Netty server handing each request to a pooled Reactor Netty client
 * (the pool Tollgate uses, same settings) and streaming the answer back. No framework, no routing, no features.
 * Usage: {@code java -cp benchmarks.jar io.tollgate.benchmarks.BarePassThrough PORT BACKEND_URL}.
 */
public final class BarePassThrough {

    private BarePassThrough() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        String backend = args[1];
        ConnectionProvider pool = ProxyClientSettings.DEFAULTS.createConnectionProvider("bare");
        HttpClient client = ProxyClientSettings.DEFAULTS.createClient(pool);
        DisposableServer server = HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .handle((request, response) -> {
                    HttpHeaders headers = new DefaultHttpHeaders().set(request.requestHeaders());
                    headers.remove(HttpHeaderNames.HOST);
                    return client.request(request.method())
                            .uri(backend + request.uri())
                            .send((outbound, out) -> {
                                outbound.headers(headers);
                                return out.send(request.receive().retain());
                            })
                            .response((inbound, body) -> response.status(inbound.status())
                                    .headers(inbound.responseHeaders())
                                    .send(body.retain()))
                            .then();
                })
                .bindNow();
        System.out.println("bare pass-through on port " + server.port() + " -> " + backend);
        server.onDispose().block();
    }
}
