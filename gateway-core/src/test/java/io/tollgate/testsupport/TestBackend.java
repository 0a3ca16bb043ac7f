package io.tollgate.testsupport;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import java.time.Duration;
import java.util.Map;

/**
 * A real Reactor Netty backend for end-to-end tests. {@code /echo/**} answers with the request's method, URI and
 * headers as {@code x-echo-*} response headers and streams the request body back; {@code /slow} answers after
 * 10 s (a timer, not a sleep); {@code /close} drops the connection; {@code /hop} sends hop-by-hop headers;
 * {@code /collect} reads the whole body, then answers its length; {@code /stream?chunks=N} streams N chunks of 8 KiB; {@code /status/N} answers N.
 */
public final class TestBackend implements AutoCloseable {

    private final DisposableServer server;

    public TestBackend() {
        server = HttpServer.create().host("127.0.0.1").port(0).handle(this::handle).bindNow();
    }

    public int port() {
        return server.port();
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        String uri = request.uri();
        String path = uri.indexOf('?') < 0 ? uri : uri.substring(0, uri.indexOf('?'));
        if (path.startsWith("/echo")) {
            response.header("x-echo-method", request.method().name());
            response.header("x-echo-uri", uri);
            for (Map.Entry<String, String> header : request.requestHeaders()) {
                response.addHeader("x-echo-h-" + header.getKey().toLowerCase(), header.getValue());
            }
            String length = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
            if (length != null) {
                response.header(HttpHeaderNames.CONTENT_LENGTH, length);
            }
            return response.send(request.receive().retain()).then();
        }
        if (path.equals("/one-shot")) {
            // closes every connection after answering: the gateway's pool must never reuse one
            return response.header("connection", "close").sendString(Mono.just("once")).then();
        }
        if (path.equals("/collect")) {
            return request.receive().aggregate().asString().defaultIfEmpty("")
                    .flatMap(text -> response.sendString(Mono.just("received " + text.length())).then());
        }
        if (path.equals("/slow")) {
            return Mono.delay(Duration.ofSeconds(10)).then(response.sendString(Mono.just("late")).then());
        }
        if (path.equals("/close")) {
            return request.receive().then(Mono.fromRunnable(() -> request.withConnection(c -> c.channel().close())));
        }
        if (path.equals("/hop")) {
            return response.header("Connection", "x-private")
                    .header("x-private", "secret")
                    .header("Keep-Alive", "timeout=5")
                    .header("x-public", "yes")
                    .sendString(Mono.just("hop")).then();
        }
        if (path.equals("/stream")) {
            int chunks = Integer.parseInt(uri.substring(uri.indexOf("chunks=") + 7));
            Flux<ByteBuf> body = Flux.range(0, chunks).map(i -> {
                ByteBuf buf = response.alloc().buffer(8192);
                for (int j = 0; j < 8192; j++) {
                    buf.writeByte('a' + (i % 26));
                }
                return buf;
            });
            return response.send(body).then();
        }
        if (path.startsWith("/status/")) {
            return response.status(Integer.parseInt(path.substring("/status/".length()))).send().then();
        }
        return response.status(404).sendString(Mono.just("backend: no " + path)).then();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
