package io.tollgate.core.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.pipeline.InboundRequest;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import java.net.InetSocketAddress;

/**
 * A WebSocket API's event after the upgrade (a message, the disconnect) as the request its route's pipeline runs on: a
 * {@code POST} to the stage's path with the message as its body ({@code application/json} when the message is JSON,
 * {@code text/plain} for other text, {@code application/octet-stream} for binary) and no header of the client's (AWS
 * passes none after {@code $connect}: map what a backend needs, such as {@code context.connectionId}). Its body is a heap
 * copy, so an event can be read any number of times and never holds a pooled buffer.
 */
final class EventRequest implements InboundRequest {

    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";
    static final String BINARY = "application/octet-stream";

    private static final DefaultHttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    private final String rawPath;
    private final byte[] body;
    private final HttpHeaders headers;
    private final @Nullable InetSocketAddress remoteAddress;
    private final String scheme;

    EventRequest(String rawPath, byte[] body, @Nullable String contentType, @Nullable InetSocketAddress remoteAddress,
                 String scheme) {
        this.rawPath = rawPath;
        this.body = body;
        this.headers = HEADERS.newHeaders();
        if (contentType != null) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        headers.set(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
        this.remoteAddress = remoteAddress;
        this.scheme = scheme;
    }

    @Override
    public String method() {
        return "POST";
    }

    @Override
    public String rawPath() {
        return rawPath;
    }

    @Override
    public @Nullable String rawQuery() {
        return null;
    }

    @Override
    public HttpHeaders headers() {
        return headers;
    }

    @Override
    public Flux<ByteBuf> body() {
        return body.length == 0 ? Flux.empty() : Flux.just(Unpooled.wrappedBuffer(body));
    }

    @Override
    public @Nullable InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public String protocol() {
        return "HTTP/1.1";
    }
}
