package io.tollgate.testsupport;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.pipeline.InboundRequest;
import reactor.core.publisher.Flux;

import java.net.InetSocketAddress;

/** A request without a body, for running a gateway's pipelines without a server. */
public record StubRequest(String method, String rawPath, String rawQuery, HttpHeaders headers) implements InboundRequest {

    public static StubRequest get(String pathAndQuery, String... headerPairs) {
        return of("GET", pathAndQuery, headerPairs);
    }

    public static StubRequest of(String method, String pathAndQuery, String... headerPairs) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.add(headerPairs[i], headerPairs[i + 1]);
        }
        int q = pathAndQuery.indexOf('?');
        return new StubRequest(method, q < 0 ? pathAndQuery : pathAndQuery.substring(0, q),
                q < 0 ? null : pathAndQuery.substring(q + 1), headers);
    }

    @Override
    public Flux<ByteBuf> body() {
        return Flux.empty();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 40000);
    }

    @Override
    public String scheme() {
        return "http";
    }

    @Override
    public String protocol() {
        return "HTTP/1.1";
    }
}
