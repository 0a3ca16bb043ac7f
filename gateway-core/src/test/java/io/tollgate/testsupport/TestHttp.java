package io.tollgate.testsupport;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/** A small HTTP client for end-to-end tests, on Reactor Netty, returning status, headers and body text. */
public final class TestHttp {

    private final HttpClient client;
    private final String base;

    public TestHttp(String base) {
        this.base = base;
        this.client = HttpClient.create(ConnectionProvider.newConnection()).responseTimeout(Duration.ofSeconds(20));
    }

    /** A response, read whole. */
    public record Response(int status, HttpHeaders headers, String body) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    public Response get(String path) {
        return exchange(HttpMethod.GET, path, h -> { }, null);
    }

    public Response exchange(HttpMethod method, String path, Consumer<HttpHeaders> headers, Flux<ByteBuf> body) {
        return client.headers(headers)
                .request(method)
                .uri(base + path)
                .send(body == null ? Mono.empty() : body)
                .responseSingle((res, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(text -> new Response(res.status().code(), res.responseHeaders(), text)))
                .block(Duration.ofSeconds(30));
    }

    public static Flux<ByteBuf> text(String text) {
        return ByteBufFlux.fromString(Mono.just(text));
    }
}
